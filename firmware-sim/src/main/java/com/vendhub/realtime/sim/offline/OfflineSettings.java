package com.vendhub.realtime.sim.offline;

import java.time.Duration;
import java.util.Objects;

/**
 * How often simulated machines lose their link, for how long, and how much they keep meanwhile.
 *
 * @param dropsPerDay     mean abrupt link losses per machine and day (0: never); a loss is a TCP reset
 *                        without DISCONNECT, so the broker fires the machine's Last Will
 * @param meanOffline     mean length of an outage (exponentially distributed)
 * @param bufferCapacity  readings a machine keeps while offline; beyond it the oldest are dropped (counted)
 */
public record OfflineSettings(double dropsPerDay, Duration meanOffline, int bufferCapacity) {

    public static final int DEFAULT_BUFFER_CAPACITY = 1_000;

    public OfflineSettings {
        if (!(dropsPerDay >= 0) || Double.isInfinite(dropsPerDay)) {
            throw new IllegalArgumentException("dropsPerDay must be >= 0, got " + dropsPerDay);
        }
        Objects.requireNonNull(meanOffline, "meanOffline");
        if (meanOffline.isNegative() || meanOffline.isZero()) {
            throw new IllegalArgumentException("meanOffline must be positive");
        }
        if (bufferCapacity < 0) {
            throw new IllegalArgumentException("bufferCapacity must be >= 0");
        }
    }

    /** Machines that never drop their link on their own (they still buffer when the broker is away). */
    public static OfflineSettings none() {
        return new OfflineSettings(0, Duration.ofMinutes(5), DEFAULT_BUFFER_CAPACITY);
    }
}
