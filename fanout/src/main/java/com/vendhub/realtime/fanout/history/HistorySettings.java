package com.vendhub.realtime.fanout.history;

/**
 * Bounds of the history endpoint.
 *
 * @param maxPoints most buckets one answer may span ({@code --history-max-points}, default 2,000); a
 *     bucket too small for the range is a 400 naming this cap
 */
public record HistorySettings(int maxPoints) {

    public static final int DEFAULT_MAX_POINTS = 2_000;

    public HistorySettings {
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints must be at least 1");
        }
    }

    public static HistorySettings defaults() {
        return new HistorySettings(DEFAULT_MAX_POINTS);
    }
}
