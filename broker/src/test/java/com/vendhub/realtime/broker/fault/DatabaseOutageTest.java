package com.vendhub.realtime.broker.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vendhub.realtime.broker.testing.Fleet;
import com.vendhub.realtime.broker.testing.ServerProcess;
import com.vendhub.realtime.broker.testing.StoppableDatabase;
import com.vendhub.realtime.schema.migration.DatabaseMigrations;
import com.vendhub.realtime.schema.testing.TestDatabase;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import com.vendhub.realtime.sim.fleet.FleetSimulator;
import com.vendhub.realtime.sim.fleet.SimulatorStats;
import com.vendhub.realtime.sim.outbox.OutboxSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Scenario: the database stops for a while mid-ingest and comes back. Machines publish each reading
 * once (no outbox), so only the spool stands between them and loss. Nothing is lost, nothing is
 * doubled, the backlog drains, the server stays up and its memory queue stays within its bound
 * while the backlog waits on disk.
 */
class DatabaseOutageTest {

    private static final int MACHINES = 20;
    private static final int MEMORY_QUEUE = 1_000;

    @Test
    void anOutageLosesNothingDoublesNothingAndTheBacklogDrains(@TempDir Path pgData, @TempDir Path data)
            throws Exception {
        StoppableDatabase pg = StoppableDatabase.start(pgData);
        String url = pg.url();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        TestDatabase db = new TestDatabase(url, ds);
        DatabaseMigrations.migrate(ds);
        List<DeviceCredentials> devices = Fleet.provision(ds, MACHINES);
        int port = ServerProcess.freePort();
        SimulatorStats stats;
        try (ServerProcess server = ServerProcess.start(url, port, data,
                "--ingest-queue-capacity", Integer.toString(MEMORY_QUEUE));
             FleetSimulator fleet = Fleet.simulator(port, devices, Duration.ofMillis(20), OutboxSettings.disabled())) {
            fleet.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM telemetry") >= 500);

            pg.stop();
            long publishedAtStop = fleet.stats().published();
            // Machines keep publishing into the outage: several times the memory queue's worth.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> fleet.stats().published() >= publishedAtStop + 5L * MEMORY_QUEUE);
            assertThat(server.isAlive()).isTrue();
            assertThat(server.metric("vendhub_ingest_queue_depth")).isLessThanOrEqualTo(MEMORY_QUEUE);
            assertThat(server.metric("vendhub_ingest_queue_overflow_total")).isPositive();
            assertThat(server.metric("vendhub_ingest_spool_bytes")).isPositive();
            assertThat(server.metric("vendhub_ingest_db_errors_total")).isPositive();

            pg.restart();
            long afterOutage = fleet.stats().published();
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> db.count("SELECT count(*) FROM telemetry") >= afterOutage);
            fleet.close();
            stats = fleet.stats();
            Fleet.awaitStoredSettles(() -> db.count("SELECT count(*) FROM telemetry"));
            assertThat(server.isAlive()).isTrue();
            long stored = db.count("SELECT count(*) FROM telemetry");
            System.out.printf("database outage: %d readings acknowledged by the broker, %d stored%n",
                    stats.published(), stored);
            assertThat(stored).isGreaterThanOrEqualTo(stats.published());
            assertThat(db.count("SELECT count(*) FROM (SELECT DISTINCT machine_id, ts FROM telemetry) d"))
                    .isEqualTo(stored);
        } finally {
            pg.close();
        }
    }
}
