package com.vendhub.realtime.ingest;

import com.vendhub.realtime.schema.events.RoomEventSink;
import com.vendhub.realtime.schema.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;

/**
 * An {@link IngestService} on a test database as the ingest system tests start it (system clock,
 * in-memory queue), and the machine they publish as.
 */
public final class TestIngest {

    /** The organization of the tests' machine. */
    public static final UUID ORG = UUID.fromString("aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa");

    private TestIngest() {
    }

    /** A started service writing to {@code db}; the caller closes it. */
    public static IngestService started(TestDatabase db, IngestSettings settings, RoomEventSink events,
            MeterRegistry metrics) throws SQLException {
        IngestService ingest = new IngestService(db.dataSource(), settings, events, Clock.systemUTC(), metrics);
        ingest.start();
        return ingest;
    }

    /** Provisions the coffee machine of {@link #ORG} the tests publish as; returns its id. */
    public static UUID provisionMachine(IngestService ingest) throws SQLException {
        return ingest.machines().provision(ORG, "Lobby coffee", 41.31, 69.24).machine().id();
    }
}
