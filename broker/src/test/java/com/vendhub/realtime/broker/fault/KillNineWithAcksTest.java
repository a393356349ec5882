package com.vendhub.realtime.broker.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vendhub.realtime.broker.testing.Fleet;
import com.vendhub.realtime.broker.testing.ServerProcess;
import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import com.vendhub.realtime.sim.fleet.FleetSimulator;
import com.vendhub.realtime.sim.outbox.OutboxSettings;
import com.vendhub.realtime.sim.outbox.OutboxStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario: machines that keep each reading until it is acknowledged publish at QoS 1 while the
 * server is killed with SIGKILL mid-ingest and started again on the same data. Every reading ends up
 * in the table exactly once (docs/contract.md, "Delivery guarantees").
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class KillNineWithAcksTest {

    private static final int MACHINES = 20;

    @Test
    void everyReadingIsStoredExactlyOnceAcrossAKillNine(TestDatabase db, @TempDir Path data) {
        List<DeviceCredentials> devices = Fleet.provision(db.dataSource(), MACHINES);
        int port = ServerProcess.freePort();
        OutboxSettings outbox = new OutboxSettings(true, Duration.ofSeconds(5), 10_000, 100);

        ServerProcess server = ServerProcess.start(db.jdbcUrl(), port, data);
        try (FleetSimulator fleet = Fleet.simulator(port, devices, Duration.ofMillis(20), outbox)) {
            fleet.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM telemetry") >= 500);

            server.kill();
            long atKill = db.count("SELECT count(*) FROM telemetry");
            // The machines keep taking readings while the server is down; their outboxes hold them.
            server = ServerProcess.start(db.jdbcUrl(), port, data);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> db.count("SELECT count(*) FROM telemetry") >= atKill + 500);

            fleet.pauseReadings();
            await().atMost(Duration.ofSeconds(90)).until(() -> fleet.outboxStats().pending() == 0);
            OutboxStats stats = fleet.outboxStats();
            System.out.printf("kill -9 with acks: %d readings taken, %d stored at the kill, %d resent, %d in the table%n",
                    stats.kept(), atKill, stats.resent(), db.count("SELECT count(*) FROM telemetry"));

            assertThat(stats.refused()).isZero();
            assertThat(stats.acked()).isEqualTo(stats.kept());
            assertThat(db.count("SELECT count(*) FROM telemetry")).isEqualTo(stats.kept());
            assertThat(db.count("SELECT count(*) FROM (SELECT DISTINCT machine_id, ts FROM telemetry) d"))
                    .isEqualTo(stats.kept());
            // Each reading's bunker rows committed with it, none missing after the crash.
            assertThat(db.count("SELECT count(*) FROM telemetry t WHERE NOT EXISTS (SELECT 1 FROM bunker_levels b "
                    + "WHERE b.machine_id = t.machine_id AND b.ts = t.ts)")).isZero();
        } finally {
            server.close();
        }
    }
}
