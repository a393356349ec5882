package com.vendhub.realtime.bench.soak;

import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Well-behaved machines whose one bunker runs low and is refilled by turns, with a critical error
 * on each low reading: every few seconds an {@code inventory:low}, an {@code inventory:restored}
 * (the refill) and a {@code machine:error} for the bystander checks, whatever the simulator's
 * physics happen to do in a short run.
 */
final class AlertingMachines implements AutoCloseable {

    /** 10 % of the bunker: below the default low-level threshold (20 %). */
    private static final double LOW_GRAMS = 100;
    /** Full: above threshold + hysteresis, and a jump that reads as a refill. */
    private static final double FULL_GRAMS = 1000;

    private final DeviceConnections machines = new DeviceConnections();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-alerting-machines");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private long turn;

    void connect(List<DeviceCredentials> devices, int mqttPort) throws Exception {
        machines.connect(devices, mqttPort);
    }

    /** Each machine publishes every {@code every}, low and full by turns. */
    void start(Duration every) {
        if (machines.isEmpty()) {
            return;
        }
        long period = Math.max(1, every.toMillis() / machines.size());
        scheduler.scheduleAtFixedRate(this::next, period, period, TimeUnit.MILLISECONDS);
    }

    void stop() {
        scheduler.shutdownNow();
    }

    List<UUID> ids() {
        return machines.ids();
    }

    long sent() {
        return sent.get();
    }

    long failures() {
        return failures.get();
    }

    private void next() {
        long t = turn++;
        int machine = (int) (t % machines.size());
        boolean low = (t / machines.size()) % 2 == 0;
        UUID id = machines.id(machine);
        // Millisecond timestamps: what firmware sends, and what every store keeps exactly.
        String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        String errors = low ? DevicePayloads.error("E-SOAK-7", "Grinder jam", "critical", at) : "";
        String payload = DevicePayloads.reading(id, at, "Coffee beans", low ? LOW_GRAMS : FULL_GRAMS, errors, null);
        machines.publishTelemetry(machine, payload).thenAccept(ok -> (ok ? sent : failures).incrementAndGet());
    }

    @Override
    public void close() {
        stop();
        machines.close();
    }
}
