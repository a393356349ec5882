package com.vendhub.realtime.fanout.rooms;

import java.util.Optional;
import java.util.UUID;

/**
 * Which organization owns a machine; implemented by the composition root (database, cache).
 * Called off the Netty event loop, so it may block briefly.
 */
@FunctionalInterface
public interface MachineOwnership {

    /** The owner of {@code machineId}, or empty when no such machine exists. */
    Optional<UUID> organizationOf(UUID machineId);
}
