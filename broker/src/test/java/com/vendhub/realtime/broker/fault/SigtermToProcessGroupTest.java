package com.vendhub.realtime.broker.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vendhub.realtime.broker.testing.Fleet;
import com.vendhub.realtime.broker.testing.PostgresSettings;
import com.vendhub.realtime.broker.testing.ServerProcess;
import com.vendhub.realtime.schema.testing.TestDatabase;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import com.vendhub.realtime.sim.fleet.FleetSimulator;
import com.vendhub.realtime.sim.outbox.OutboxSettings;
import com.vendhub.realtime.sim.outbox.OutboxStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Scenario (docs/architecture.md, "Shutdown: ordered and bounded"): {@code vendhub serve} with its embedded
 * database, run as systemd and Docker run it (leader of its own process group), gets SIGTERM on the
 * whole group while machines that keep each reading until it is acknowledged publish at QoS 1. It stops
 * taking messages, writes and acknowledges what it took, then stops the database, within its shutdown
 * bound; after a restart every reading is stored exactly once.
 */
class SigtermToProcessGroupTest {

    private static final int MACHINES = 20;
    private static final int BOUND_SECONDS = 30;
    private static final Pattern COMPLETE = Pattern.compile("shutdown: .*complete in (\\d+) ms");
    private static final Pattern ACKED = Pattern.compile("shutdown: acknowledged: (\\d+) .*\\((\\d+) dropped\\)");

    @Test
    void aGroupSigtermDrainsAcknowledgesAndStopsTheDatabaseLast(@TempDir Path data) throws Exception {
        int mqttPort = ServerProcess.freePort();
        int dbPort = ServerProcess.freePort();
        String[] bound = {"--shutdown-timeout", "PT" + BOUND_SECONDS + "S"};
        ServerProcess server = ServerProcess.startInOwnGroup(mqttPort, dbPort, data, bound);
        String url = "jdbc:postgresql://localhost:" + dbPort + "/postgres?user=postgres";
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        TestDatabase db = new TestDatabase(url, ds);
        // vendhub serve as installed, without a durability option: its embedded database syncs every commit.
        assertThat(PostgresSettings.durability(url))
                .isEqualTo(Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"));
        List<DeviceCredentials> devices = Fleet.provision(ds, MACHINES);
        OutboxSettings outbox = new OutboxSettings(true, Duration.ofSeconds(5), 10_000, 100);
        try (FleetSimulator fleet = Fleet.simulator(mqttPort, devices, Duration.ofMillis(100), outbox)) {
            fleet.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM telemetry") >= 300);

            server.terminateGroup();
            OptionalInt exit = server.awaitExit(Duration.ofSeconds(BOUND_SECONDS + 60));
            assertThat(exit).as("vendhub still running after SIGTERM").isPresent();
            List<String> out = server.lines();

            // In order: stopped taking messages, drained, acknowledged, database stopped.
            int stopped = indexOf(out, "shutdown: stopped taking messages");
            int drained = indexOf(out, "shutdown: drained");
            int acked = indexOf(out, "shutdown: acknowledged");
            int dbStopped = indexOf(out, "embedded PostgreSQL stopped");
            assertThat(List.of(stopped, drained, acked, dbStopped)).as(String.join("\n", out)).doesNotContain(-1);
            assertThat(stopped).isLessThan(drained);
            assertThat(drained).isLessThan(acked);
            assertThat(acked).isLessThan(dbStopped);
            // The database was there for the whole drain: no batch had to wait for it.
            assertThat(out.subList(stopped, out.size())).noneMatch(l -> l.contains("not committed"));
            Matcher ack = ACKED.matcher(out.get(acked));
            assertThat(ack.find()).isTrue();
            assertThat(Long.parseLong(ack.group(2))).as("acknowledgements dropped while stopping").isZero();
            // The bound is the server's own promise, measured by itself.
            Matcher complete = out.stream().map(COMPLETE::matcher).filter(Matcher::find).findFirst().orElseThrow();
            assertThat(Long.parseLong(complete.group(1))).isLessThanOrEqualTo(BOUND_SECONDS * 1000L);

            // Machines keep their unacknowledged readings; after a restart all are stored once.
            server = ServerProcess.startInOwnGroup(mqttPort, dbPort, data, bound);
            long atRestart = db.count("SELECT count(*) FROM telemetry");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> db.count("SELECT count(*) FROM telemetry") >= atRestart + 300);
            fleet.pauseReadings();
            await().atMost(Duration.ofSeconds(90)).until(() -> fleet.outboxStats().pending() == 0);
            OutboxStats stats = fleet.outboxStats();
            long stored = db.count("SELECT count(*) FROM telemetry");
            System.out.printf("SIGTERM to the group: %d readings taken, %d acknowledged, %d stored%n",
                    stats.kept(), stats.acked(), stored);
            assertThat(stats.refused()).isZero();
            assertThat(stats.acked()).isEqualTo(stats.kept());
            assertThat(stored).isEqualTo(stats.kept());
            assertThat(db.count("SELECT count(*) FROM (SELECT DISTINCT machine_id, ts FROM telemetry) d"))
                    .isEqualTo(stats.kept());
        } finally {
            if (server.isAlive()) {
                server.terminateGroup();
                server.awaitExit(Duration.ofSeconds(BOUND_SECONDS + 60));
            }
            server.close();
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
