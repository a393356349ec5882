package com.vendhub.realtime.schema.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * The payload of {@code inventory:low} and {@code inventory:restored}, field for field the contract's
 * {@code {machineId, bunkerId, ingredientId, ingredientName, currentLevel, maxLevel, percentage,
 * threshold, raisedAt, emptyAt?}}; also one entry of {@code GET /api/v1/alerts?active=true}.
 * {@code raisedAt} is the timestamp of the reading that raised the alert; {@code emptyAt} is left out
 * when there is no forecast.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InventoryAlert(
        UUID machineId,
        UUID bunkerId,
        UUID ingredientId,
        String ingredientName,
        double currentLevel,
        double maxLevel,
        double percentage,
        double threshold,
        Instant raisedAt,
        Instant emptyAt) {
}
