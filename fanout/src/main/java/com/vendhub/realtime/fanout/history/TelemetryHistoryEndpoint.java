package com.vendhub.realtime.fanout.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vendhub.realtime.fanout.auth.Principal;
import com.vendhub.realtime.fanout.rest.CanonicalUuid;
import com.vendhub.realtime.fanout.rest.RestRequest;
import com.vendhub.realtime.fanout.rest.RestResponse;
import com.vendhub.realtime.schema.machines.MachineRecord;
import com.vendhub.realtime.schema.machines.MachineRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/machines/{id}/telemetry/history?from=&to=&bucket=}: checks the parameters, scopes
 * the machine to the caller's organization (another organization's machine is a 404, as a missing one,
 * so ids do not leak) and answers the buckets of {@link TelemetryHistory} as JSON (docs/protocol.md, "Summary").
 * Runs on the worker pool.
 */
public final class TelemetryHistoryEndpoint {

    /** Earliest and latest instants accepted for {@code from} and {@code to} (PostgreSQL's range is wider). */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    /** Widest bucket accepted: ten years. */
    static final Duration MAX_BUCKET = Duration.ofDays(3650);

    private static final Logger log = LoggerFactory.getLogger(TelemetryHistoryEndpoint.class);
    private static final Pattern SHORT_BUCKET = Pattern.compile("(\\d{1,7})([smhd])");

    private final TelemetryHistory history;
    private final MachineRegistry machines;
    private final HistorySettings settings;
    private final ObjectMapper mapper;
    private final Map<String, Counter> rejected;

    public TelemetryHistoryEndpoint(TelemetryHistory history, MachineRegistry machines, HistorySettings settings,
            ObjectMapper mapper, MeterRegistry registry) {
        this.history = Objects.requireNonNull(history, "history");
        this.machines = Objects.requireNonNull(machines, "machines");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.rejected = Map.of(
                "bad_parameter", rejectedCounter(registry, "bad_parameter"),
                "too_many_points", rejectedCounter(registry, "too_many_points"),
                "not_found", rejectedCounter(registry, "not_found"));
    }

    /** Answers the request of an authenticated caller for the machine {@code rawId} (as it appeared in the path). */
    public RestResponse handle(Principal caller, String rawId, RestRequest request) {
        Optional<UUID> machineId = CanonicalUuid.parse(rawId);
        if (machineId.isEmpty()) {
            // A malformed id is the client's mistake, as on the other machine endpoints (not a missing machine).
            return reject("bad_parameter", 400, "bad_request", "Machine id must be a UUID");
        }
        Instant from;
        Instant to;
        Duration bucket;
        try {
            from = instant(request, "from");
            to = instant(request, "to");
            bucket = bucket(request.queryParam("bucket"));
        } catch (IllegalArgumentException e) {
            return reject("bad_parameter", 400, "bad_request", e.getMessage());
        }
        if (!from.isBefore(to)) {
            return reject("bad_parameter", 400, "bad_request", "from must be before to");
        }
        long points = bucketsBetween(from, to, bucket);
        if (points > settings.maxPoints()) {
            return reject("too_many_points", 400, "bad_request", "bucket too small for the range: " + points
                    + " points, at most " + settings.maxPoints() + " per request; use a wider bucket or a shorter range");
        }
        Optional<MachineRecord> machine = machineId.flatMap(machines::find)
                .filter(m -> caller.isSuperAdmin() || m.organizationId().equals(caller.organizationId()));
        if (machine.isEmpty()) {
            return reject("not_found", 404, "not_found", "Machine not found");
        }
        HistorySeries series;
        try {
            series = history.buckets(machine.get().id(), from, to, bucket);
        } catch (UnsupportedOperationException e) {
            return reject("not_found", 404, "not_found", "Telemetry history is not available on this node");
        }
        return RestResponse.json(200, encode(machine.get().id(), from, to, request.queryParam("bucket"), bucket, series));
    }

    /** How many buckets of the grid aligned to {@link TelemetryHistory#BUCKET_ORIGIN} meet {@code [from, to)}. */
    static long bucketsBetween(Instant from, Instant to, Duration bucket) {
        long width = bucket.toMillis();
        long origin = TelemetryHistory.BUCKET_ORIGIN.toEpochMilli();
        long first = Math.floorDiv(from.toEpochMilli() - origin, width);
        long last = Math.floorDiv(to.toEpochMilli() - 1 - origin, width);
        return last - first + 1;
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, or an ISO-8601 duration ({@code PT5M}); whole seconds. */
    static Duration bucket(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("bucket is required, e.g. bucket=5m (s, m, h or d)");
        }
        Duration d;
        Matcher m = SHORT_BUCKET.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("bucket must look like 30s, 5m, 1h, 1d or PT5M");
            }
        }
        if (d.isNegative() || d.isZero() || d.getNano() != 0 || d.compareTo(MAX_BUCKET) > 0) {
            throw new IllegalArgumentException("bucket must be a whole number of seconds, from 1s to "
                    + MAX_BUCKET.toDays() + "d");
        }
        return d;
    }

    private static Instant instant(RestRequest request, String name) {
        String text = request.queryParam(name);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(name + " is required, an ISO-8601 time with an offset, "
                    + "e.g. 2026-11-29T10:00:00Z");
        }
        // An unencoded '+' of an offset arrives as a space (form decoding); read it as the '+' it was.
        String value = text.strip().replace(' ', '+');
        Instant at;
        try {
            at = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 time with an offset, "
                    + "e.g. 2026-11-29T10:00:00Z");
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw new IllegalArgumentException(name + " must lie between 1970 and 9999");
        }
        return at;
    }

    private byte[] encode(UUID machineId, Instant from, Instant to, String bucketText, Duration bucket,
            HistorySeries series) {
        ObjectNode root = mapper.createObjectNode()
                .put("machineId", machineId.toString())
                .put("from", from.toString())
                .put("to", to.toString())
                .put("bucket", bucketText.strip())
                .put("bucketSeconds", bucket.toSeconds())
                .put("source", series.source());
        ArrayNode points = root.putArray("points");
        for (HistoryPoint p : series.points()) {
            ObjectNode point = points.addObject().put("t", p.t().toString()).put("samples", p.samples());
            stats(point, "temperature", p.temperature());
            stats(point, "humidity", p.humidity());
            ArrayNode bunkers = point.putArray("bunkers");
            for (BunkerLevelStats b : p.bunkers()) {
                ObjectNode bunker = bunkers.addObject()
                        .put("bunkerId", b.bunkerId().toString())
                        .put("ingredientName", b.ingredientName());
                stats(bunker, "level", b.level());
                bunker.put("maxLevel", b.maxLevel());
            }
        }
        try {
            return mapper.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a history answer", e);
        }
    }

    private static void stats(ObjectNode parent, String name, MinAvgMax s) {
        if (s == null) {
            parent.putNull(name);
            return;
        }
        parent.putObject(name).put("min", s.min()).put("avg", s.avg()).put("max", s.max());
    }

    private RestResponse reject(String reason, int status, String error, String message) {
        rejected.get(reason).increment();
        log.debug("history request refused ({}): {}", reason, message);
        return RestResponse.error(status, error, message);
    }

    private static Counter rejectedCounter(MeterRegistry registry, String reason) {
        return Counter.builder("vendhub.fanout.history.rejected")
                .description("Telemetry history requests refused, by reason (too_many_points: the bucket cap was hit)")
                .tag("reason", reason)
                .register(registry);
    }
}
