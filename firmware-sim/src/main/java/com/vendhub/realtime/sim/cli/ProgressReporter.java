package com.vendhub.realtime.sim.cli;

import com.vendhub.realtime.sim.fleet.SimulatorStats;
import java.time.Duration;
import java.util.Locale;

/** Turns successive stats snapshots into the progress lines and the final summary the command prints. */
final class ProgressReporter {

    /** How often the commands print a progress line unless told otherwise. */
    static final Duration DEFAULT_PERIOD = Duration.ofSeconds(10);

    private final int machines;
    private SimulatorStats previous = new SimulatorStats(0, 0, 0, 0);
    private long previousNanos;

    ProgressReporter(int machines, long startNanos) {
        this.machines = machines;
        this.previousNanos = startNanos;
    }

    /** One progress line; the rate is over the time since the previous line. */
    String progress(SimulatorStats now, long nowNanos) {
        double seconds = Math.max(1e-9, (nowNanos - previousNanos) / 1e9);
        double rate = (now.published() - previous.published()) / seconds;
        previous = now;
        previousNanos = nowNanos;
        return String.format(Locale.ROOT,
                "connected %d/%d, %.1f published/s, %d published, %d publish failures, %d connect failures",
                now.connected(), machines, rate, now.published(), now.publishFailures(), now.connectFailures());
    }

    /** The closing summary over the whole run. */
    String summary(SimulatorStats end, Duration ran, int connectedBeforeClose) {
        double seconds = Math.max(1e-9, ran.toMillis() / 1000.0);
        return String.format(Locale.ROOT,
                "Summary: %d machines for %.1f s; %d connected at the end; %d readings published (%.1f/s); "
                        + "%d publish failures; %d connect failures",
                machines, seconds, connectedBeforeClose, end.published(), end.published() / seconds,
                end.publishFailures(), end.connectFailures());
    }
}
