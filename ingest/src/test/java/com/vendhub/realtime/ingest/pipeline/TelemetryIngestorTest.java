package com.vendhub.realtime.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vendhub.realtime.ingest.IngestService;
import com.vendhub.realtime.ingest.IngestSettings;
import com.vendhub.realtime.ingest.RecordingSink;
import com.vendhub.realtime.ingest.TestIngest;
import com.vendhub.realtime.schema.machines.MachineCatalog;
import com.vendhub.realtime.schema.events.EventNames;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.schema.rooms.Room;
import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import com.vendhub.realtime.schema.topics.TopicScheme;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedPostgresExtension.class)
class TelemetryIngestorTest {

    private final TopicScheme topics = TopicScheme.defaults();
    private final RecordingSink sink = new RecordingSink();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private TestDatabase db;
    private MachineCatalog machines;
    private IngestService ingest;
    private UUID machine;

    @BeforeEach
    void start(TestDatabase db) throws Exception {
        this.db = db;
        machines = TestIngest.machines(db);
        ingest = TestIngest.started(db, machines, IngestSettings.defaults(), sink, metrics);
        machine = TestIngest.provisionMachine(machines);
    }

    @AfterEach
    void stop() {
        ingest.close();
    }

    private static String reading(UUID machine, Instant ts, String status, double level) {
        return """
            {"machineId":"%s","timestamp":"%s","status":"%s","temperature":5.5,"humidity":41,
             "bunkers":[{"bunkerId":"0f0e0d0c-0b0a-4908-8706-050403020100","ingredientId":"1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d",
                         "ingredientName":"Sugar","currentLevel":%s,"maxLevel":1000,"percentage":0,"lowLevelAlert":false}],
             "errors":[{"code":"E1","message":"door open","severity":"warning","occurredAt":"%s"}],
             "uptime":100}
            """.formatted(machine, ts, status, level, ts);
    }

    private void publish(String topic, String payload) {
        ingest.ingestor().onPublish(topic, machine.toString(), payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValidReadingIsStoredAndPushedLiveToItsMachineRoom() {
        Instant ts = Instant.now().minusSeconds(1);
        publish(topics.telemetry(machine), reading(machine, ts, "online", 150));

        await().atMost(Duration.ofSeconds(10)).until(() -> db.count("SELECT count(*) FROM telemetry") == 1);
        assertThat(db.count("SELECT count(*) FROM bunker_levels WHERE low_level AND percentage = 15")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM machine_errors WHERE code = 'E1'")).isEqualTo(1);
        await().until(() -> db.count("SELECT count(*) FROM machine_latest") == 1);

        var telemetry = sink.named(EventNames.MACHINE_TELEMETRY);
        assertThat(telemetry).singleElement().satisfies(e -> {
            assertThat(e.organizationId()).isEqualTo(TestIngest.ORG);
            assertThat(e.room()).isEqualTo(Room.machine(machine));
            assertThat(RecordingSink.text(e)).contains("\"percentage\":15.0", "\"lowLevelAlert\":true");
        });
        assertThat(ingest.latest().get(machine)).hasValueSatisfying(t -> assertThat(t.timestamp()).isEqualTo(ts));
    }

    @Test
    void aRedeliveredReadingMakesNoSecondRow() {
        Instant ts = Instant.now().minusSeconds(5);
        String payload = reading(machine, ts, "online", 500);
        publish(topics.telemetry(machine), payload);
        publish(topics.telemetry(machine), payload);

        await().until(() -> ingest.ingestor().counters().committed() == 2);
        assertThat(db.count("SELECT count(*) FROM telemetry")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM bunker_levels")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM machine_errors")).isEqualTo(1);
    }

    @Test
    void aLateReadingIsStoredButNeitherReplacesTheLatestNorGoesLive() {
        Instant newer = Instant.now().minusSeconds(10);
        Instant older = newer.minusSeconds(3600);
        publish(topics.telemetry(machine), reading(machine, newer, "online", 900));
        publish(topics.telemetry(machine), reading(machine, older, "error", 100));

        await().until(() -> db.count("SELECT count(*) FROM telemetry") == 2);
        await().until(() -> db.count("SELECT count(*) FROM machine_latest WHERE ts = '" + newer + "'") == 1);
        assertThat(ingest.latest().get(machine)).hasValueSatisfying(t -> assertThat(t.timestamp()).isEqualTo(newer));
        assertThat(sink.named(EventNames.MACHINE_TELEMETRY)).hasSize(1);
        assertThat(ingest.status().current(machine)).hasValueSatisfying(c -> assertThat(c.status().wire()).isEqualTo("online"));
    }

    @Test
    void invalidPayloadsAreDeadLetteredWithTheirReasonAndNotStored() {
        publish(topics.telemetry(machine), "this is not json");
        publish(topics.telemetry(machine), reading(UUID.randomUUID(), Instant.now(), "online", 1));
        publish(topics.telemetry(machine), reading(machine, Instant.now(), "online", -3));
        publish(topics.telemetry(UUID.randomUUID()), reading(machine, Instant.now(), "online", 1));
        publish("vendhub/somewhere/else", "{}");

        await().until(() -> db.count("SELECT count(*) FROM dead_letters") == 5);
        assertThat(db.count("SELECT count(*) FROM dead_letters WHERE reason = 'not_json' AND payload = 'this is not json'::bytea"))
                .isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM dead_letters WHERE reason = 'machine_mismatch'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM dead_letters WHERE reason = 'invalid_field' "
                + "AND detail LIKE 'bunkers[0].currentLevel%'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM dead_letters WHERE reason = 'unknown_machine'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM dead_letters WHERE reason = 'unknown_topic'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM telemetry")).isZero();
        assertThat(metrics.get("vendhub.ingest.rejected").tag("reason", "not_json").counter().count()).isEqualTo(1.0);
        assertThat(ingest.ingestor().counters().rejected()).isEqualTo(5);
    }

    @Test
    void oversizedPayloadsAreDeadLetteredWithACappedCopy() {
        byte[] big = new byte[70_000];
        java.util.Arrays.fill(big, (byte) 'x');
        ingest.ingestor().onPublish(topics.telemetry(machine), machine.toString(), big);

        await().until(() -> db.count("SELECT count(*) FROM dead_letters WHERE reason = 'too_large'") == 1);
        assertThat(db.count("SELECT count(*) FROM dead_letters WHERE payload_size = 70000 AND length(payload) = 16384"))
                .isEqualTo(1);
    }

    @Test
    void statusChangesAreStoredAndEmittedOnceEachAndRepeatsAreNot() {
        String status = topics.status(machine);
        publish(status, "{\"status\":\"online\",\"timestamp\":\"" + Instant.now() + "\"}");
        publish(status, "{\"status\":\"online\",\"timestamp\":\"" + Instant.now() + "\"}");
        publish(status, "{\"status\":\"maintenance\",\"timestamp\":\"" + Instant.now() + "\"}");
        ingest.ingestor().onDisconnected(machine.toString());
        ingest.ingestor().onDisconnected(machine.toString());

        await().until(() -> db.count("SELECT count(*) FROM machine_status_changes") == 3);
        var statusEvents = sink.named(EventNames.MACHINE_STATUS);
        // each change goes to machine:{id} and machines:all
        assertThat(statusEvents).hasSize(6);
        assertThat(statusEvents.stream().filter(e -> e.room().equals(Room.MACHINES_ALL)).map(RecordingSink::text))
                .satisfiesExactly(
                        s -> assertThat(s).contains("\"status\":\"online\"", machine.toString()),
                        s -> assertThat(s).contains("\"status\":\"maintenance\""),
                        s -> assertThat(s).contains("\"status\":\"offline\""));
        assertThat(db.count("SELECT count(*) FROM machine_status_changes WHERE source = 'disconnected' AND status = 'offline'"))
                .isEqualTo(1);
    }

    @Test
    void stateSurvivesARestartOfIngest() throws Exception {
        Instant ts = Instant.now().minusSeconds(2);
        publish(topics.telemetry(machine), reading(machine, ts, "maintenance", 700));
        await().until(() -> db.count("SELECT count(*) FROM machine_latest") == 1
                && db.count("SELECT count(*) FROM machine_status_changes") == 1);
        ingest.close();

        machines = TestIngest.machines(db);
        ingest = TestIngest.started(db, machines, IngestSettings.defaults(), sink, new SimpleMeterRegistry());
        assertThat(ingest.latest().get(machine)).hasValueSatisfying(t -> assertThat(t.timestamp()).isEqualTo(ts));
        assertThat(ingest.status().current(machine)).hasValueSatisfying(c -> assertThat(c.status().wire()).isEqualTo("maintenance"));
        assertThat(machines.find(machine)).isPresent();
    }
}
