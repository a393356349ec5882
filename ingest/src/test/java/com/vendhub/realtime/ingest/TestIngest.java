package com.vendhub.realtime.ingest;

import com.vendhub.realtime.schema.events.RoomEventSink;
import com.vendhub.realtime.schema.machines.DeviceTokens;
import com.vendhub.realtime.schema.machines.MachineCatalog;
import com.vendhub.realtime.schema.machines.MachineRepository;
import com.vendhub.realtime.schema.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;

/**
 * An {@link IngestService} on a test database as the ingest system tests start it (system clock,
 * in-memory queue), the machine registry it is built with, and the machine they publish as.
 */
public final class TestIngest {

    /** The organization of the tests' machine. */
    public static final UUID ORG = UUID.fromString("aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa");

    private TestIngest() {
    }

    /** A machine registry on {@code db}, as a process builds one and hands it to its ingest service. */
    public static MachineCatalog machines(TestDatabase db) {
        return new MachineCatalog(new MachineRepository(db.dataSource()), new DeviceTokens(new SecureRandom()),
                Clock.systemUTC());
    }

    /** A started service writing to {@code db} with {@code machines}; the caller closes it. */
    public static IngestService started(TestDatabase db, MachineCatalog machines, IngestSettings settings,
            RoomEventSink events, MeterRegistry metrics) throws SQLException {
        IngestService ingest = new IngestService(db.dataSource(), machines, settings, events, Clock.systemUTC(),
                metrics);
        ingest.start();
        return ingest;
    }

    /** Provisions the coffee machine of {@link #ORG} the tests publish as; returns its id. */
    public static UUID provisionMachine(MachineCatalog machines) throws SQLException {
        return machines.provision(ORG, "Lobby coffee", 41.31, 69.24).machine().id();
    }
}
