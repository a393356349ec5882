package com.vendhub.realtime.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What a dashboard of the organization saw live, in {@code machines:all} and {@code org:{id}}: every
 * status change, low-level alert, its clearing, and machine error. The platform emits each once, as
 * it stores it; at the end each must have its row (the bystander check).
 */
final class EventObserver implements Consumer<String> {

    /**
     * A row's identity as seen live (time at full precision) or as stored (microseconds).
     * PostgreSQL keeps microseconds: a value written with more is rounded (the JDBC driver, and
     * PostgreSQL's text input) or cut (a writer that formats it itself), so a live key matches a
     * stored one in either form.
     */
    interface Key {
        /** This key with its time truncated to microseconds, and rounded half up. */
        List<Key> storedForms();
    }

    /** A {@code machine_status_changes} row. */
    record StatusKey(UUID machineId, Instant changedAt, String status) implements Key {
        @Override
        public List<Key> storedForms() {
            return List.of(new StatusKey(machineId, truncated(changedAt), status),
                    new StatusKey(machineId, rounded(changedAt), status));
        }
    }

    /** An {@code inventory_alerts} row's identity. */
    record AlertKey(UUID machineId, UUID bunkerId, Instant raisedAt) implements Key {
        @Override
        public List<Key> storedForms() {
            return List.of(new AlertKey(machineId, bunkerId, truncated(raisedAt)),
                    new AlertKey(machineId, bunkerId, rounded(raisedAt)));
        }
    }

    /** A {@code machine_errors} row's identity. */
    record ErrorKey(UUID machineId, Instant occurredAt, String code) implements Key {
        @Override
        public List<Key> storedForms() {
            return List.of(new ErrorKey(machineId, truncated(occurredAt), code),
                    new ErrorKey(machineId, rounded(occurredAt), code));
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    final Set<StatusKey> statuses = ConcurrentHashMap.newKeySet();
    final Set<AlertKey> raised = ConcurrentHashMap.newKeySet();
    final Set<AlertKey> cleared = ConcurrentHashMap.newKeySet();
    final Set<ErrorKey> errors = ConcurrentHashMap.newKeySet();
    final AtomicLong unreadable = new AtomicLong();

    @Override
    public void accept(String frame) {
        try {
            JsonNode packet = json.readTree(frame.substring(2)); // after "42"
            String event = packet.path(0).asText();
            JsonNode d = packet.path(1);
            switch (event) {
                case "machine:status" -> statuses.add(new StatusKey(uuid(d, "machineId"), micros(d, "timestamp"),
                        d.path("status").asText()));
                case "inventory:low" -> raised.add(alert(d));
                case "inventory:restored" -> cleared.add(alert(d));
                case "machine:error" -> errors.add(new ErrorKey(uuid(d, "machineId"), micros(d, "occurredAt"),
                        d.path("code").asText()));
                default -> {
                    // telemetry, forecasts, subscribe confirmations: not stored as events
                }
            }
        } catch (Exception e) {
            unreadable.incrementAndGet();
        }
    }

    private static AlertKey alert(JsonNode d) {
        return new AlertKey(uuid(d, "machineId"), uuid(d, "bunkerId"), micros(d, "raisedAt"));
    }

    private static UUID uuid(JsonNode d, String field) {
        return UUID.fromString(d.path(field).asText());
    }

    private static Instant micros(JsonNode d, String field) {
        return Instant.parse(d.path(field).asText());
    }

    static Instant truncated(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    static Instant rounded(Instant t) {
        return t.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }
}
