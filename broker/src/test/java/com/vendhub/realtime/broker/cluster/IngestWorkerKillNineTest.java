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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two {@code vendhub ingest} worker processes on one shared subscription of a real external broker (each
 * {@link BrokerKind}); one is
 * killed with SIGKILL mid-run while machines keep publishing, then started again with the same client
 * id. Nothing is lost and nothing stored twice: what the killed worker held uncommitted was never
 * acknowledged to the broker, and the broker kept it, with the share routed to the worker meanwhile, in
 * the worker's persistent session (Mosquitto), or gave it to the worker still running (HiveMQ CE).
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class IngestWorkerKillNineTest {

    private static final String READY = "vendhub ingest ready";

    private static ServerProcess worker(ExternalBroker broker, TestDatabase db, String clientId, String... extra) {
        List<String> args = new ArrayList<>(List.of("ingest",
                "--mqtt-url", broker.url(),
                "--db-url", db.jdbcUrl(),
                "--db-pool-size", "2",
                "--mqtt-client-id", clientId,
                "--mqtt-receive-maximum", Integer.toString(broker.workerReceiveMaximum()),
                "--ingest-queue-capacity", Integer.toString(broker.workerReceiveMaximum()),
                "--status-interval", "PT1S",
                "--host", "127.0.0.1",
                "--http-port", "0"));
        args.addAll(broker.credentialOptions());
        args.addAll(List.of(extra));
        return ServerProcess.startVendhub(READY, args);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void aWorkerKilledMidRunLosesNothingAndStoresNothingTwice(BrokerKind kind, TestDatabase db) throws Exception {
        List<UUID> machines = IngestClusterTest.machines(db);
        try (ExternalBroker broker = kind.start();
             PublishingDevices devices = PublishingDevices.connect(broker, machines)) {
            ServerProcess a = worker(broker, db, "worker-a");
            // The victim commits in large, slow batches, so that it is killed holding readings it has received
            // but not committed: had it acknowledged them on receipt, they would be lost.
            ServerProcess b = worker(broker, db, "worker-b", "--ingest-batch-linger", "PT0.5S",
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
                // Machines keep publishing with the worker gone: Mosquitto keeps routing its share to its session,
                // HiveMQ CE gives it to worker-a.
                int roundsAtKill = rounds.get();
                await().atMost(Duration.ofSeconds(60)).until(() -> rounds.get() >= roundsAtKill + 100);
                publishing.set(false);
                publisher.join();
                assertThat(failure.get()).isNull();
                int published = devices.acknowledgedByBroker();
                long beforeRestart;
                if (broker.routesSharedMessagesToOfflineMembers()) {
                    // Worker-a drains its share: a status line written after the publishing stopped shows it idle.
                    int linesAtStop = a.linesContaining("ingest worker worker-a").size();
                    await().atMost(Duration.ofSeconds(60)).until(() -> {
                        List<String> lines = a.linesContaining("ingest worker worker-a");
                        String last = lines.get(lines.size() - 1);
                        return lines.size() > linesAtStop + 1 && last.contains("queued 0 |")
                                && last.contains("unacknowledged 0,");
                    });
                    beforeRestart = db.count("SELECT count(*) FROM telemetry");
                    // Worker-b's share (half) was in its session while it was down.
                    assertThat(beforeRestart).isLessThan(published);
                } else {
                    // The broker gives worker-a what worker-b held unacknowledged and all that came after; it
                    // sends a batch of at most the Receive Maximum at a time, so an idle moment of worker-a says
                    // nothing: wait for the rows.
                    try {
                        await().atMost(Duration.ofSeconds(90))
                                .until(() -> db.count("SELECT count(*) FROM telemetry") >= published);
                    } catch (ConditionTimeoutException e) {
                        // Readings are missing: the assertion below says how many.
                    }
                    beforeRestart = db.count("SELECT count(*) FROM telemetry");
                    assertThat(beforeRestart).as("rows stored by worker-a alone").isEqualTo(published);
                }

                restarted = worker(broker, db, "worker-b");
                try {
                    await().atMost(Duration.ofSeconds(90))
                            .until(() -> db.count("SELECT count(*) FROM telemetry") >= published);
                } catch (ConditionTimeoutException e) {
                    // Readings are missing: the counts below say how many.
                }
                long rows = db.count("SELECT count(*) FROM telemetry");
                long distinct = db.count("SELECT count(*) FROM (SELECT DISTINCT machine_id, ts FROM telemetry) d");
                List<String> resumed = restarted.linesContaining("session resumed");
                System.out.printf("ingest worker kill -9 on %s: %d readings published (acknowledged by the broker), %d of them "
                                + "before the kill; %d rows at the kill, %d before the restart (worker-a alone), %d "
                                + "after it, %d distinct; the restarted worker %s%n",
                        broker, published, publishedAtKill, storedAtKill, beforeRestart, rows, distinct,
                        resumed.isEmpty() ? "started a new session" : "resumed its session");

                assertThat(resumed).isNotEmpty();
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
