package com.vendhub.realtime.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vendhub.realtime.broker.testing.ServerProcess;
import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two {@code vendhub ingest} worker processes on one shared subscription of a real Mosquitto; one is
 * killed with SIGKILL mid-run while machines keep publishing, then started again with the same client
 * id. Nothing is lost and nothing stored twice: what the killed worker held uncommitted was never
 * acknowledged to the broker, and the broker kept it, with the share routed to the worker meanwhile, in
 * the worker's persistent session.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class IngestWorkerKillNineTest {

    private static final String READY = "vendhub ingest ready";

    private static ServerProcess worker(Mosquitto mosquitto, TestDatabase db, String clientId, String... extra) {
        List<String> args = new ArrayList<>(List.of("ingest",
                "--mqtt-url", mosquitto.url(),
                "--db-url", db.jdbcUrl(),
                "--db-pool-size", "2",
                "--mqtt-client-id", clientId,
                "--mqtt-receive-maximum", Integer.toString(IngestClusterTest.RECEIVE_MAXIMUM),
                "--ingest-queue-capacity", Integer.toString(IngestClusterTest.RECEIVE_MAXIMUM),
                "--status-interval", "PT1S"));
        args.addAll(List.of(extra));
        return ServerProcess.startVendhub(READY, args);
    }

    @Test
    void aWorkerKilledMidRunLosesNothingAndStoresNothingTwice(TestDatabase db) throws Exception {
        List<UUID> machines = IngestClusterTest.machines(db);
        try (Mosquitto mosquitto = Mosquitto.start(IngestClusterTest.MOSQUITTO_CONFIG);
             PublishingDevices devices = PublishingDevices.connect(mosquitto.port(), machines)) {
            ServerProcess a = worker(mosquitto, db, "worker-a");
            // The victim commits in large, slow batches, so that it is killed holding readings it has received
            // but not committed: had it acknowledged them on receipt, they would be lost.
            ServerProcess b = worker(mosquitto, db, "worker-b", "--ingest-batch-linger", "PT0.5S",
                    "--ingest-batch-size", "5000");
            AtomicBoolean publishing = new AtomicBoolean(true);
            AtomicInteger rounds = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
            ServerProcess restarted = null;
            Thread publisher = new Thread(() -> {
                try {
                    while (publishing.get()) {
                        devices.publishRound(base.plusMillis(rounds.getAndIncrement()));
                        Thread.sleep(10);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "devices");
            try {
                publisher.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM telemetry") >= 1_000
                        && b.linesContaining("stored").stream().anyMatch(l -> l.matches(".*stored [1-9].*")));
                b.kill();
                long storedAtKill = db.count("SELECT count(*) FROM telemetry");
                int publishedAtKill = devices.acknowledgedByBroker();
                // Machines keep publishing with the worker gone: Mosquitto keeps routing its share to its session.
                int roundsAtKill = rounds.get();
                await().atMost(Duration.ofSeconds(60)).until(() -> rounds.get() >= roundsAtKill + 100);
                publishing.set(false);
                publisher.join();
                assertThat(failure.get()).isNull();
                int published = devices.acknowledgedByBroker();
                // Worker-a drains its share: a status line written after the publishing stopped shows it idle.
                int linesAtStop = a.linesContaining("ingest worker worker-a").size();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    List<String> lines = a.linesContaining("ingest worker worker-a");
                    String last = lines.get(lines.size() - 1);
                    return lines.size() > linesAtStop + 1 && last.contains("queued 0,")
                            && last.contains("unacknowledged 0,");
                });
                long beforeRestart = db.count("SELECT count(*) FROM telemetry");

                restarted = worker(mosquitto, db, "worker-b");
                try {
                    await().atMost(Duration.ofSeconds(90))
                            .until(() -> db.count("SELECT count(*) FROM telemetry") >= published);
                } catch (ConditionTimeoutException e) {
                    // Readings are missing: the counts below say how many.
                }
                long rows = db.count("SELECT count(*) FROM telemetry");
                long distinct = db.count("SELECT count(*) FROM (SELECT DISTINCT machine_id, ts FROM telemetry) d");
                List<String> resumed = restarted.linesContaining("session resumed");
                System.out.printf("ingest worker kill -9: %d readings published (acknowledged by Mosquitto), %d of them "
                                + "before the kill; %d rows at the kill, %d before the restart (worker-a alone), %d "
                                + "after it, %d distinct; the restarted worker %s%n",
                        published, publishedAtKill, storedAtKill, beforeRestart, rows, distinct,
                        resumed.isEmpty() ? "started a new session" : "resumed its session");

                assertThat(resumed).isNotEmpty();
                // Worker-b's share (half) was in its session while it was down.
                assertThat(beforeRestart).isLessThan(published);
                assertThat(rows).isEqualTo(published);
                assertThat(distinct).isEqualTo(published);
                assertThat(db.count("SELECT count(*) FROM bunker_levels")).isEqualTo(2L * published);
            } finally {
                publishing.set(false);
                publisher.join();
                a.close();
                b.close();
                if (restarted != null) {
                    restarted.close();
                }
            }
        }
    }
}
