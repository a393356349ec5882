package com.vendhub.realtime.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/architecture.md, "The telemetry writer isolates refused rows", in cluster mode: {@code vendhub ingest} runs the same batch writer. A reading the
 * database refuses (here a constraint of the operator's that validation cannot know) is dead-lettered
 * with the database's reason and its MQTT message is acknowledged, so the broker does not send it again
 * and again; the other readings of its batch are stored; a reading validation refuses (a NUL) is
 * dead-lettered and acknowledged too. After a restart of the worker on its persistent session nothing
 * comes back, and new readings are stored.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class IngestWorkerPoisonTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    void aReadingTheDatabaseRefusesIsDeadLetteredAndAcknowledgedAndTheRestIsStored(BrokerKind kind, TestDatabase db)
            throws Exception {
        List<UUID> machines = IngestClusterTest.machines(db);
        db.execute("ALTER TABLE telemetry ADD CONSTRAINT operator_rule CHECK (temperature <> 66.6)");
        TopicScheme topics = TopicScheme.defaults();
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        UUID poisoned = machines.get(0);
        try (ExternalBroker broker = kind.start();
             PublishingDevices devices = PublishingDevices.connect(broker, machines)) {
            int messages;
            try (IngestWorker worker = IngestWorker.start(IngestClusterTest.settings(broker, db, "worker-p"))) {
                for (int i = 0; i < 5; i++) {
                    devices.publishRound(base.plusSeconds(i));
                }
                devices.publishRaw(0, topics.telemetry(poisoned),
                        Readings.telemetry(poisoned, base.plusSeconds(10), 66.6, 1000), false);
                devices.publishRaw(0, topics.telemetry(poisoned), new String(
                        Readings.telemetry(poisoned, base.plusSeconds(11), 4.5, 1000), StandardCharsets.UTF_8)
                        .replace("Sugar", "Sug\\u0000ar").getBytes(StandardCharsets.UTF_8), false);
                for (int i = 5; i < 10; i++) {
                    devices.publishRound(base.plusSeconds(i));
                }
                int readings = 10 * machines.size();
                messages = readings + 2;
                await().atMost(WAIT).until(() -> db.count("SELECT count(*) FROM telemetry") >= readings
                        && worker.messagesFromBroker() >= messages
                        && IngestClusterTest.unacknowledged(worker) == 0
                        && db.count("SELECT count(*) FROM dead_letters") >= 2);
                assertThat(db.count("SELECT count(*) FROM telemetry")).isEqualTo(readings);
                assertThat(db.count("SELECT count(*) FROM dead_letters WHERE reason = 'database_refused' "
                        + "AND client_id = '" + poisoned + "' AND detail LIKE 'SQL state 23514:%operator_rule%'"))
                        .isEqualTo(1);
                assertThat(db.count("SELECT count(*) FROM dead_letters WHERE reason = 'control_character' "
                        + "AND client_id = '" + poisoned + "'")).isEqualTo(1);
                assertThat(worker.metrics().get("vendhub.ingest.readings.refused").counter().count()).isEqualTo(1);
                // Each message came once: the refused one was acknowledged, not redelivered.
                assertThat(worker.messagesFromBroker()).isEqualTo(messages);
            }
            // The same worker id resumes its session: nothing left to redeliver; new readings are stored.
            try (IngestWorker again = IngestWorker.start(IngestClusterTest.settings(broker, db, "worker-p"))) {
                devices.publishRound(base.plusSeconds(20));
                await().atMost(WAIT).until(() -> db.count("SELECT count(*) FROM telemetry") == 11L * machines.size()
                        && IngestClusterTest.unacknowledged(again) == 0);
                assertThat(again.messagesFromBroker()).isEqualTo(machines.size());
                assertThat(db.count("SELECT count(*) FROM dead_letters")).isEqualTo(2);
            }
        }
    }
}
