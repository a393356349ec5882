package com.vendhub.realtime.fanout.rest;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Machines and their latest telemetry, as the REST API needs them; implemented by the composition
 * root over the database. Called on the worker pool, so it may block.
 */
public interface MachineDirectory {

    /** Machines of {@code organizationId}, or of every organization when empty. */
    List<MachineSummary> list(Optional<UUID> organizationId);

    Optional<MachineSummary> find(UUID machineId);

    /** The latest stored {@code MachineTelemetry} of the machine, as JSON. */
    Optional<byte[]> latestTelemetryJson(UUID machineId);

    /** Creates a machine and its device token; {@code lat}/{@code lng} may be null. */
    ProvisionedMachine provision(UUID organizationId, String name, Double lat, Double lng);

    /**
     * Gives the machine a new device token; the old one stops working at once (a connection opened
     * with it is closed). Empty when there is no such machine. A directory that cannot rotate tokens
     * (a read-only node) keeps this default.
     */
    default Optional<ProvisionedMachine> rotateToken(UUID machineId) {
        throw new UnsupportedOperationException("token rotation is not available on this node");
    }
}
