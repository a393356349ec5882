package com.vendhub.realtime.fanout.history;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One bucket: its start {@code t}, how many readings it holds, and their statistics; {@code
 * temperature} and {@code humidity} are null only for a bucket with bunker rows but no telemetry row.
 */
public record HistoryPoint(Instant t, long samples, MinAvgMax temperature, MinAvgMax humidity,
        List<BunkerLevelStats> bunkers) {

    public HistoryPoint {
        Objects.requireNonNull(t, "t");
        bunkers = List.copyOf(bunkers);
    }
}
