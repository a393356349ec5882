package com.vendhub.realtime.schema.machines;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The provisioned machines, as broker authentication, ingest and the fan-out's REST API and room
 * checks read them. {@link MachineCatalog} serves the process that provisions ({@code vendhub
 * serve}, from memory); {@link DatabaseMachineRegistry} a {@code vendhub fanout} node, where other
 * processes provision and only the database is current. Calls may block on the database.
 */
public interface MachineRegistry extends MachineOwnership {

    Optional<MachineRecord> find(UUID machineId);

    @Override
    default Optional<UUID> organizationOf(UUID machineId) {
        return find(machineId).map(MachineRecord::organizationId);
    }

    /** Machines of {@code organizationId}, or of every organization when empty; by name, then id. */
    List<MachineRecord> list(Optional<UUID> organizationId);

    /** Creates a machine and its device token; {@code lat}/{@code lng} may be null. */
    ProvisionedMachine provision(UUID organizationId, String name, Double lat, Double lng);

    /**
     * Gives the machine a new device token; the old one stops verifying at once, and a connection
     * opened with it is closed. Empty when there is no such machine.
     */
    Optional<ProvisionedMachine> rotateToken(UUID machineId);
}
