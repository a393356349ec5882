package com.vendhub.realtime.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vendhub.realtime.ingest.IngestService;
import com.vendhub.realtime.ingest.IngestSettings;
import com.vendhub.realtime.ingest.TestIngest;
import com.vendhub.realtime.ingest.ack.CommitListener;
import com.vendhub.realtime.ingest.spool.SpoolSettings;
import com.vendhub.realtime.schema.events.RoomEventSink;
import com.vendhub.realtime.schema.machines.MachineCatalog;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import com.vendhub.realtime.schema.topics.MachineTopicKind;
import com.vendhub.realtime.schema.topics.TopicScheme;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The broker's hook spools a reading's bytes and queues the rest; the ingest thread does the work. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PublishHandoffTest {

    private static final UUID ORG = UUID.randomUUID();
    private final TopicScheme topics = TopicScheme.defaults();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private TestDatabase db;
    private IngestService ingest;
    private UUID machine;
    private String topic;

    @BeforeEach
    void start(TestDatabase db, @TempDir Path spool) throws Exception {
        this.db = db;
        MachineCatalog machines = TestIngest.machines(db);
        ingest = new IngestService(db.dataSource(), machines, IngestSettings.defaults(), RoomEventSink.NONE,
                Clock.systemUTC(), metrics, CommitListener.NONE, SpoolSettings.defaults(spool));
        ingest.start();
        ProvisionedMachine p = machines.provision(ORG, "Lobby", 41.3, 69.2);
        machine = p.machine().id();
        topic = topics.machine(machine, MachineTopicKind.TELEMETRY);
    }

    @AfterEach
    void stop() {
        ingest.close();
    }

    private byte[] reading(Instant ts) {
        return ("""
            {"machineId":"%s","timestamp":"%s","status":"online","temperature":5.5,"humidity":41,
             "bunkers":[{"bunkerId":"0f0e0d0c-0b0a-4908-8706-050403020100","ingredientId":"1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d",
                         "ingredientName":"Sugar","currentLevel":700,"maxLevel":1000,"percentage":0,"lowLevelAlert":false}],
             "errors":[],"uptime":100}
            """.formatted(machine, ts)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void validReadingsAreStoredAndInvalidOnesDeadLetteredByTheIngestThread() {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        ingest.handoff().publish(topic, machine.toString(), reading(t0));
        ingest.handoff().publish(topic, machine.toString(), "not json".getBytes(StandardCharsets.UTF_8));
        ingest.handoff().publish(topic, machine.toString(), reading(t0.plusSeconds(1)));

        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM telemetry") == 2
                && db.count("SELECT count(*) FROM dead_letters") == 1);
        assertThat(db.count("SELECT count(*) FROM dead_letters WHERE reason = 'not_json'")).isEqualTo(1);
        assertThat(ingest.latest().get(machine).orElseThrow().timestamp()).isEqualTo(t0.plusSeconds(1));
    }

    @Test
    void whenTheIngestThreadHasNoRoomReadingsReachTheTableThroughTheSpoolOnceEach() {
        // A hand-off of one place whose thread never runs: the first reading waits there, the others
        // find it full and are left to the writer, which reads them all back from the spool.
        PublishHandoff full = new PublishHandoff(ingest.ingestor(), ingest.writer(), topics, 65_536, 1,
                Clock.systemUTC(), metrics);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        for (int i = 0; i < 5; i++) {
            full.publish(topic, machine.toString(), reading(t0.plusSeconds(i)));
        }
        assertThat(metrics.counter("vendhub.ingest.handoff.full", "outcome", "spooled_only").count()).isEqualTo(4);
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM telemetry") == 5);

        // The waiting one is validated late: the writer already has it, so it is not written twice.
        full.start();
        full.close();
        // A later reading through the service's own hand-off: once it is stored, the writer has handled
        // everything queued before it (one queue, in order).
        ingest.handoff().publish(topic, machine.toString(), reading(t0.plusSeconds(10)));
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM telemetry") == 6);
        assertThat(ingest.writer().committedReadings()).isEqualTo(6);
        assertThat(metrics.counter("vendhub.ingest.batch.redelivered").count()).isZero();
    }
}
