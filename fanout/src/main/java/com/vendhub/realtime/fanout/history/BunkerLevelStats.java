package com.vendhub.realtime.fanout.history;

import java.util.Objects;
import java.util.UUID;

/**
 * One bunker within a bucket: its level in grams, the largest {@code maxLevel} reported (to draw a
 * percentage), and the ingredient name of its newest reading in the bucket.
 */
public record BunkerLevelStats(UUID bunkerId, String ingredientName, MinAvgMax level, double maxLevel) {

    public BunkerLevelStats {
        Objects.requireNonNull(bunkerId, "bunkerId");
        Objects.requireNonNull(ingredientName, "ingredientName");
        Objects.requireNonNull(level, "level");
    }
}
