package com.vendhub.realtime.bench.soak;

import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Machines with buggy firmware, each with valid credentials: junk (the kinds the contract sends to
 * dead letters) at a steady rate, and now and then a poison reading, one that passes the contract's
 * field rules and that PostgreSQL refuses (docs/architecture.md, "The telemetry writer isolates refused rows").
 */
final class BadDevices implements AutoCloseable {

    /** What a junk message is wrong with. */
    enum Junk { INVALID_JSON, INVALID_FIELDS, OTHER_MACHINE_ID, OVERSIZED }

    /** What a poison reading carries that PostgreSQL cannot store. */
    enum Poison { NUL_IN_INGREDIENT_NAME, TIMESTAMP_YEAR_0, LAST_SALE_YEAR_10000, OCCURRED_AT_OUT_OF_RANGE, NUL_IN_ERROR_CODE }

    /** Beyond the contract's 64 KiB telemetry limit, below the broker's 256 KiB packet limit (the device stays connected). */
    private static final int OVERSIZED_BYTES = 70 * 1024;

    private final DeviceConnections devices = new DeviceConnections();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-bad-devices");
        t.setDaemon(true);
        return t;
    });
    private final UUID victim;
    private final AtomicLongArray junkSent = new AtomicLongArray(Junk.values().length);
    private final AtomicLongArray poisonSent = new AtomicLongArray(Poison.values().length);
    private final AtomicLong publishFailures = new AtomicLong();
    private long junkTurn;
    private long poisonTurn;

    /** @param victim a well-behaved machine whose id the junk borrows */
    BadDevices(UUID victim) {
        this.victim = victim;
    }

    void connect(List<DeviceCredentials> credentials, int mqttPort) throws Exception {
        devices.connect(credentials, mqttPort);
    }

    /** Junk at {@code perSecond} (all devices together); one poison reading every {@code poisonEvery} (zero: none). */
    void start(double perSecond, Duration poisonEvery, Duration firstPoisonAfter) {
        if (devices.isEmpty()) {
            return;
        }
        long junkPeriodMicros = Math.max(1_000, (long) (1_000_000 / Math.max(0.001, perSecond)));
        scheduler.scheduleAtFixedRate(this::junk, junkPeriodMicros, junkPeriodMicros, TimeUnit.MICROSECONDS);
        if (!poisonEvery.isZero()) {
            scheduler.scheduleAtFixedRate(this::poison, firstPoisonAfter.toMillis(), poisonEvery.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    void stop() {
        scheduler.shutdownNow();
    }

    List<UUID> ids() {
        return devices.ids();
    }

    Map<Junk, Long> junkSent() {
        Map<Junk, Long> m = new EnumMap<>(Junk.class);
        for (Junk j : Junk.values()) {
            m.put(j, junkSent.get(j.ordinal()));
        }
        return m;
    }

    Map<Poison, Long> poisonSent() {
        Map<Poison, Long> m = new EnumMap<>(Poison.class);
        for (Poison p : Poison.values()) {
            m.put(p, poisonSent.get(p.ordinal()));
        }
        return m;
    }

    long publishFailures() {
        return publishFailures.get();
    }

    long connected() {
        return devices.connected();
    }

    private void junk() {
        long turn = junkTurn++;
        int device = (int) (turn % devices.size());
        Junk kind = Junk.values()[(int) ((turn / devices.size()) % Junk.values().length)];
        UUID self = devices.id(device);
        String now = Instant.now().toString();
        String payload = switch (kind) {
            case INVALID_JSON -> "{\"machineId\":\"" + self + "\",\"timestamp\":\"" + now + "\",\"bunkers\":[{";
            case INVALID_FIELDS -> DevicePayloads.reading(self, now, "Sugar", 640, "", null)
                    .replace("\"humidity\":41.0", "\"humidity\":250").replace("\"status\":\"online\"", "\"status\":\"exploded\"");
            case OTHER_MACHINE_ID -> DevicePayloads.ok(victim, Instant.now());
            case OVERSIZED -> DevicePayloads.reading(self, now, "x".repeat(OVERSIZED_BYTES), 640, "", null);
        };
        publish(device, payload);
        junkSent.incrementAndGet(kind.ordinal());
    }

    private void poison() {
        long turn = poisonTurn++;
        int device = (int) (turn % devices.size());
        Poison kind = Poison.values()[(int) (turn % Poison.values().length)];
        UUID self = devices.id(device);
        Instant at = Instant.now();
        String now = at.toString();
        String payload = switch (kind) {
            case NUL_IN_INGREDIENT_NAME -> DevicePayloads.reading(self, now, "Sug\\u0000ar", 640, "", null);
            case TIMESTAMP_YEAR_0 -> DevicePayloads.reading(self, "0000-01-01T00:00:00Z", "Sugar", 640, "", null);
            case LAST_SALE_YEAR_10000 -> DevicePayloads.reading(self, now, "Sugar", 640, "", "+10000-01-01T00:00:00Z");
            case OCCURRED_AT_OUT_OF_RANGE -> DevicePayloads.reading(self, now, "Sugar", 640,
                    DevicePayloads.error("E-POISON", "occurredAt beyond PostgreSQL", "critical", "+300000-01-01T00:00:00Z"),
                    null);
            case NUL_IN_ERROR_CODE -> DevicePayloads.reading(self, now, "Sugar", 640,
                    DevicePayloads.error("E\\u0000X", "NUL in the code", "critical", now), null);
        };
        publish(device, payload);
        poisonSent.incrementAndGet(kind.ordinal());
    }

    private void publish(int device, String payload) {
        devices.publishTelemetry(device, payload).thenAccept(ok -> {
            if (!ok) {
                publishFailures.incrementAndGet();
            }
        });
    }

    @Override
    public void close() {
        stop();
        devices.close();
    }
}
