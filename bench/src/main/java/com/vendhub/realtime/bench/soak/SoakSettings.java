package com.vendhub.realtime.bench.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What one soak run does; {@link #full(Duration)}, {@link #shortRun()} and {@link #ci(Path)} are the three
 * documented shapes (docs/performance.md, "Soak").
 *
 * @param duration            how long the fleet publishes (the load phase; drain and checks come after)
 * @param machines            simulated machines of the firmware simulator, one reading per {@code readingInterval}
 * @param readingInterval     mean time between two readings of one machine (the scenario: one a second)
 * @param dashboards          Socket.IO clients, each in one room (most a machine room, some the org room or machines:all)
 * @param dashboardDropEvery  mean time between two link drops of one dashboard client (it reconnects with recovery)
 * @param machineDropsPerDay  link drops per machine and day (the simulator's {@code --drops-per-day}): bystander
 *                            status changes, offline (the broker sees the connection die) then online
 * @param meanOffline         mean length of a machine's outage
 * @param alertingMachines    well-behaved machines whose bunkers go low and are refilled by turns, so that
 *                            {@code inventory:low}, {@code inventory:restored} and {@code machine:error} events happen
 * @param badDevices          machines that send junk (invalid JSON, invalid fields, another machine's id, oversized)
 * @param junkPerSecond       junk messages per second, all bad devices together
 * @param poisonEvery         every this long, one bad device sends one poison reading (valid for the validator of
 *                            today's main, refused by PostgreSQL), the kinds in turn; {@link Duration#ZERO}: none
 * @param sampleEvery         period of the outside samples (heap after GC, RSS, threads, fds, CPU, metrics)
 * @param drainTimeout        after the load phase, how long the fleet may take to have every reading acknowledged
 * @param serverHeap          {@code -Xmx} of the server process
 * @param commandFraction     fraction of the fleet sent a remote command per minute (0: none; no {@link CommandLoad} exists yet)
 * @param outDir              where the summary, samples and server log go
 */
public record SoakSettings(
        Duration duration,
        int machines,
        Duration readingInterval,
        int dashboards,
        Duration dashboardDropEvery,
        double machineDropsPerDay,
        Duration meanOffline,
        int alertingMachines,
        int badDevices,
        double junkPerSecond,
        Duration poisonEvery,
        Duration sampleEvery,
        Duration drainTimeout,
        String serverHeap,
        double commandFraction,
        Path outDir) {

    /** The default run: 30 minutes of the scenario's load. */
    public static final Duration DEFAULT_DURATION = Duration.ofMinutes(30);
    /** The short run for CI and a quick look: 2 minutes of the same load. */
    public static final Duration SHORT_DURATION = Duration.ofMinutes(2);

    public SoakSettings {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(outDir, "outDir");
        if (duration.toSeconds() < 30) {
            throw new IllegalArgumentException("a soak needs at least 30 s, got " + duration);
        }
        if (machines < 1 || dashboards < 1 || badDevices < 0 || alertingMachines < 0) {
            throw new IllegalArgumentException("machines and dashboards must be positive");
        }
        if (sampleEvery.isZero() || sampleEvery.isNegative() || duration.compareTo(sampleEvery.multipliedBy(6)) < 0) {
            throw new IllegalArgumentException("the run must hold at least 6 samples to judge flatness");
        }
    }

    /** The scenario (docs/performance.md, "The scenario"): 2,000 machines at 1 reading/s, 2,000 dashboards, for {@code duration}. */
    public static SoakSettings full(Duration duration) {
        return new SoakSettings(duration, 2_000, Duration.ofSeconds(1), 2_000, Duration.ofSeconds(120),
                // 30 drops per machine and day: ~1,250 drops (and as many returns) in 30 minutes.
                30, Duration.ofSeconds(15), 4, 4, 20, Duration.ofSeconds(60), Duration.ofSeconds(10),
                Duration.ofSeconds(180), "-Xmx1g", 0, Path.of("bench", "target", "soak"));
    }

    /** The same load for 2 minutes; more frequent drops (~830) and poison so each check is exercised. */
    public static SoakSettings shortRun() {
        return new SoakSettings(SHORT_DURATION, 2_000, Duration.ofSeconds(1), 2_000, Duration.ofSeconds(60),
                300, Duration.ofSeconds(10), 4, 4, 20, Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofSeconds(120), "-Xmx1g", 0, Path.of("bench", "target", "soak"));
    }

    /** The JUnit run: 200 machines and 200 dashboards for 80 s, every kind of traffic still there. */
    public static SoakSettings ci(Path outDir) {
        return new SoakSettings(Duration.ofSeconds(80), 200, Duration.ofSeconds(1), 200, Duration.ofSeconds(30),
                2_000, Duration.ofSeconds(8), 2, 2, 10, Duration.ofSeconds(20), Duration.ofSeconds(10),
                Duration.ofSeconds(90), "-Xmx512m", 0, outDir);
    }

    public SoakSettings withDuration(Duration d) {
        return new SoakSettings(d, machines, readingInterval, dashboards, dashboardDropEvery, machineDropsPerDay,
                meanOffline, alertingMachines, badDevices, junkPerSecond, poisonEvery, sampleEvery, drainTimeout,
                serverHeap, commandFraction, outDir);
    }

    public SoakSettings withSize(int machineCount, int dashboardCount) {
        return new SoakSettings(duration, machineCount, readingInterval, dashboardCount, dashboardDropEvery,
                machineDropsPerDay, meanOffline, alertingMachines, badDevices, junkPerSecond, poisonEvery, sampleEvery,
                drainTimeout, serverHeap, commandFraction, outDir);
    }

    public SoakSettings withPoisonEvery(Duration every) {
        return new SoakSettings(duration, machines, readingInterval, dashboards, dashboardDropEvery,
                machineDropsPerDay, meanOffline, alertingMachines, badDevices, junkPerSecond, every, sampleEvery,
                drainTimeout, serverHeap, commandFraction, outDir);
    }

    public SoakSettings withOutDir(Path dir) {
        return new SoakSettings(duration, machines, readingInterval, dashboards, dashboardDropEvery,
                machineDropsPerDay, meanOffline, alertingMachines, badDevices, junkPerSecond, poisonEvery, sampleEvery,
                drainTimeout, serverHeap, commandFraction, dir);
    }
}
