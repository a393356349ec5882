package com.vendhub.realtime.broker.assembly;

import com.vendhub.realtime.schema.machines.DatabaseMachineRegistry;
import com.vendhub.realtime.schema.machines.DeviceTokens;
import com.vendhub.realtime.schema.machines.MachineCatalog;
import com.vendhub.realtime.schema.machines.MachineRepository;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * A process's one machine registry, built in the assembly and handed to every part that reads or changes it
 * (ingest, device authentication, the fan-out, the silence watch, the demo fleet) rather than reached through
 * one of them.
 */
public final class MachinesPart {

    private MachinesPart() {
    }

    /**
     * The in-memory catalog of a process that ingests ({@code vendhub serve}, {@code vendhub ingest}): it keeps
     * every machine in memory, loaded by the ingest service's start, and provisions and rotates tokens.
     */
    public static MachineCatalog catalog(DatabasePart database, Clock clock) {
        return new MachineCatalog(new MachineRepository(database.dataSource()), new DeviceTokens(new SecureRandom()),
                clock);
    }

    /** The read-through registry of a {@code vendhub fanout} node, which holds no machines of its own. */
    public static DatabaseMachineRegistry registry(DatabasePart database) {
        return new DatabaseMachineRegistry(new MachineRepository(database.dataSource()));
    }
}
