package com.vendhub.realtime.schema.model;

import java.util.UUID;

/**
 * One ingredient hopper's level; {@code percentage} and {@code lowLevelAlert} are always the
 * server's own recomputation (contract: "it does not trust the device's values").
 */
public record BunkerLevel(
        UUID bunkerId,
        UUID ingredientId,
        String ingredientName,
        double currentLevel,
        double maxLevel,
        double percentage,
        boolean lowLevelAlert) {
}
