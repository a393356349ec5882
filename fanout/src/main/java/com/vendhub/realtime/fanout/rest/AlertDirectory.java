package com.vendhub.realtime.fanout.rest;

import com.vendhub.realtime.schema.model.InventoryAlert;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Active low-level alerts, as {@code GET /api/v1/alerts?active=true} needs them; implemented by the
 * composition root over the database. Called on the worker pool, so it may block.
 */
public interface AlertDirectory {

    /** One active alert and the organization that owns its machine. */
    record ActiveAlert(UUID organizationId, InventoryAlert alert) {
    }

    /**
     * Active alerts of {@code organizationId}, or of every organization when empty; soonest
     * {@code emptyAt} first (alerts without a forecast last), at most {@code limit}.
     */
    List<ActiveAlert> active(Optional<UUID> organizationId, int limit);

    /** A node without alerts: none are active. */
    AlertDirectory NONE = (organizationId, limit) -> List.of();
}
