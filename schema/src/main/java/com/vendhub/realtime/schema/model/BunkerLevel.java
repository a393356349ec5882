package com.vendhub.realtime.schema.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * One ingredient hopper's level; {@code percentage} and {@code lowLevelAlert} are always the
 * server's own recomputation (docs/contract.md, "Telemetry payload": "it does not trust the device's values"). {@code emptyAt} is
 * the server's forecast of when the bunker runs empty (docs/alerts-and-forecasts.md): never read from a
 * device, added only
 * to what the server shows (live {@code machine:telemetry}, the latest-telemetry REST answer), and
 * left out of the JSON when there is no forecast.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BunkerLevel(
        UUID bunkerId,
        UUID ingredientId,
        String ingredientName,
        double currentLevel,
        double maxLevel,
        double percentage,
        boolean lowLevelAlert,
        Instant emptyAt) {

    /** A level as a device reports it: no forecast. */
    public BunkerLevel(UUID bunkerId, UUID ingredientId, String ingredientName, double currentLevel, double maxLevel,
                       double percentage, boolean lowLevelAlert) {
        this(bunkerId, ingredientId, ingredientName, currentLevel, maxLevel, percentage, lowLevelAlert, null);
    }

    /** This level with the forecast {@code emptyAt} (null: none). */
    public BunkerLevel withEmptyAt(Instant at) {
        return new BunkerLevel(bunkerId, ingredientId, ingredientName, currentLevel, maxLevel, percentage,
                lowLevelAlert, at);
    }
}
