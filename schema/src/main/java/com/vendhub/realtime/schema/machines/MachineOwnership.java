package com.vendhub.realtime.schema.machines;

import java.util.Optional;
import java.util.UUID;

/**
 * Which organization owns a machine: all that room and event checks ask of the {@link MachineRegistry}.
 * May block briefly on the database, so callers run it off the Netty event loop.
 */
@FunctionalInterface
public interface MachineOwnership {

    /** The owner of {@code machineId}, or empty when no such machine exists. */
    Optional<UUID> organizationOf(UUID machineId);
}
