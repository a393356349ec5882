package com.vendhub.realtime.ingest.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vendhub.realtime.ingest.IngestService;
import com.vendhub.realtime.ingest.IngestSettings;
import com.vendhub.realtime.ingest.RecordingSink;
import com.vendhub.realtime.ingest.TestIngest;
import com.vendhub.realtime.schema.machines.MachineCatalog;
import com.vendhub.realtime.ingest.forecast.ForecastSettings;
import com.vendhub.realtime.schema.events.EventNames;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.rooms.Room;
import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import com.vendhub.realtime.schema.topics.TopicScheme;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Alerts and errors through the ingest path onto a real PostgreSQL: once each, across restarts and workers. */
@ExtendWith(EmbeddedPostgresExtension.class)
class InventoryAlertsIngestTest {

    private static final String SUGAR = "0f0e0d0c-0b0a-4908-8706-050403020100";
    private static final String BEANS = "0f0e0d0c-0b0a-4908-8706-050403020101";
    private final TopicScheme topics = TopicScheme.defaults();
    private final RecordingSink sink = new RecordingSink();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(4));
    private TestDatabase db;
    private MachineCatalog machines;
    private IngestService ingest;
    private UUID machine;

    @BeforeEach
    void start(TestDatabase db) throws Exception {
        this.db = db;
        machines = TestIngest.machines(db);
        ingest = service(sink, metrics, AlertSettings.defaults());
        machine = TestIngest.provisionMachine(machines);
    }

    private IngestService service(RecordingSink events, SimpleMeterRegistry registry, AlertSettings alerts)
            throws Exception {
        return TestIngest.started(db, machines, IngestSettings.defaults().withAlerts(alerts), events, registry);
    }

    @AfterEach
    void stop() {
        ingest.close();
    }

    private static String reading(UUID machine, Instant ts, double sugar, double beans, String errors) {
        return """
            {"machineId":"%s","timestamp":"%s","status":"online","temperature":5.5,"humidity":41,
             "bunkers":[{"bunkerId":"%s","ingredientId":"1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d",
                         "ingredientName":"Sugar","currentLevel":%s,"maxLevel":1000,"percentage":0,"lowLevelAlert":false},
                        {"bunkerId":"%s","ingredientId":"1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8e",
                         "ingredientName":"Coffee beans","currentLevel":%s,"maxLevel":1000,"percentage":0,"lowLevelAlert":false}],
             "errors":[%s], "uptime":100}
            """.formatted(machine, ts, SUGAR, sugar, BEANS, beans, errors);
    }

    private static String error(String code, String severity, Instant at) {
        return "{\"code\":\"%s\",\"message\":\"%s happened\",\"severity\":\"%s\",\"occurredAt\":\"%s\"}"
                .formatted(code, code, severity, at);
    }

    private void publish(IngestService to, Instant ts, double sugar, String errors) {
        to.ingestor().onPublish(topics.telemetry(machine), machine.toString(),
                reading(machine, ts, sugar, 900, errors).getBytes(StandardCharsets.UTF_8));
    }

    private void publish(int minute, double sugar) {
        publish(ingest, base.plus(Duration.ofMinutes(minute)), sugar, "");
    }

    /** Sugar falls 60 g per 10 minutes (360 g/h) from 500 g: below 20 % at minute 60 (140 g). */
    private void fallBelowThreshold() {
        for (int minute = 0; minute <= 60; minute += 10) {
            publish(minute, 500 - 6.0 * minute);
        }
    }

    @Test
    void aFallingLevelRaisesOnceWithAForecastToBothRoomsAndStoresIt() {
        fallBelowThreshold();
        publish(60, 140);                                 // redelivered
        publish(ingest, base.plus(Duration.ofMinutes(55)), 10, ""); // late, and lower
        publish(70, 80);                                  // still low, newer

        var low = sink.named(EventNames.INVENTORY_LOW);
        assertThat(low).hasSize(2);
        assertThat(low).extracting(RoomEvent::room).containsExactly(Room.machine(machine), Room.org(TestIngest.ORG));
        String payload = RecordingSink.text(low.get(0));
        assertThat(payload).contains("\"machineId\":\"" + machine + "\"", "\"bunkerId\":\"" + SUGAR + "\"",
                "\"ingredientName\":\"Sugar\"", "\"currentLevel\":140.0", "\"maxLevel\":1000.0", "\"percentage\":14.0",
                "\"threshold\":20.0", "\"raisedAt\":\"" + base.plus(Duration.ofMinutes(60)) + "\"");
        // 140 g left at 360 g/h: empty 23 min 20 s after minute 60.
        assertThat(payload).contains("\"emptyAt\":\"" + base.plus(Duration.ofMinutes(60)).plusSeconds(1400) + "\"");
        await().until(() -> db.count("SELECT count(*) FROM inventory_alerts") == 1);
        assertThat(db.count("SELECT count(*) FROM inventory_alerts WHERE cleared_at IS NULL AND empty_at IS NOT NULL "
                + "AND bunker_id = '" + SUGAR + "' AND organization_id = '" + TestIngest.ORG + "'")).isEqualTo(1);
        assertThat(metrics.get("vendhub.alerts.raised").counter().count()).isEqualTo(1.0);
        // The latest state and live telemetry carry the forecast per bunker.
        assertThat(ingest.alerts().withForecasts(ingest.latest().get(machine).orElseThrow()).bunkers().get(0).emptyAt())
                .isNotNull();
        assertThat(RecordingSink.text(sink.named(EventNames.MACHINE_TELEMETRY).get(6))).contains("\"emptyAt\"");
    }

    @Test
    void aRefillClearsOnceAndALateLowReadingDoesNotRaiseAgain() {
        fallBelowThreshold();
        publish(80, 950);                                 // refill
        publish(80, 950);                                 // redelivered
        publish(ingest, base.plus(Duration.ofMinutes(75)), 50, ""); // late, low
        publish(90, 940);

        assertThat(sink.named(EventNames.INVENTORY_LOW)).hasSize(2);
        var restored = sink.named(EventNames.INVENTORY_RESTORED);
        assertThat(restored).hasSize(2);
        assertThat(RecordingSink.text(restored.get(0))).contains("\"percentage\":95.0",
                "\"raisedAt\":\"" + base.plus(Duration.ofMinutes(60)) + "\"");
        await().until(() -> db.count("SELECT count(*) FROM inventory_alerts WHERE cleared_at IS NOT NULL") == 1);
        assertThat(db.count("SELECT count(*) FROM inventory_alerts WHERE clear_reason = 'refill' AND cleared_at = '"
                + base.plus(Duration.ofMinutes(80)) + "'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM inventory_alerts")).isEqualTo(1);
        assertThat(metrics.get("vendhub.alerts.cleared").tag("reason", "refill").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aRestartNeitherRaisesNorStoresTheActiveAlertAgain() throws Exception {
        fallBelowThreshold();
        await().until(() -> db.count("SELECT count(*) FROM inventory_alerts") == 1);
        ingest.close();

        RecordingSink after = new RecordingSink();
        ingest = service(after, new SimpleMeterRegistry(), AlertSettings.defaults());
        assertThat(ingest.alerts().activeCount()).isEqualTo(1);
        publish(70, 80);
        publish(80, 20);
        assertThat(after.named(EventNames.INVENTORY_LOW)).isEmpty();
        publish(90, 990);
        assertThat(after.named(EventNames.INVENTORY_RESTORED)).hasSize(2);
        await().until(() -> db.count("SELECT count(*) FROM inventory_alerts WHERE cleared_at IS NOT NULL") == 1);
        assertThat(db.count("SELECT count(*) FROM inventory_alerts")).isEqualTo(1);
    }

    @Test
    void twoWorkersJudgingTheSameReadingsStoreOneAlertAndOneClearing() throws Exception {
        IngestService second = service(new RecordingSink(), new SimpleMeterRegistry(), AlertSettings.defaults());
        try {
            for (int minute = 0; minute <= 60; minute += 10) {
                publish(ingest, base.plus(Duration.ofMinutes(minute)), 500 - 6.0 * minute, "");
                publish(second, base.plus(Duration.ofMinutes(minute)), 500 - 6.0 * minute, "");
            }
            await().until(() -> db.count("SELECT count(*) FROM inventory_alerts") == 1);
            publish(ingest, base.plus(Duration.ofMinutes(70)), 900, "");
            publish(second, base.plus(Duration.ofMinutes(70)), 900, "");
            await().until(() -> db.count("SELECT count(*) FROM inventory_alerts WHERE cleared_at IS NOT NULL") == 1);
            // A new fall after the clearing opens exactly one new alert, whichever worker sees it.
            publish(second, base.plus(Duration.ofMinutes(80)), 100, "");
            await().until(() -> db.count("SELECT count(*) FROM inventory_alerts") == 2);
            assertThat(db.count("SELECT count(*) FROM inventory_alerts WHERE cleared_at IS NULL")).isEqualTo(1);
        } finally {
            second.close();
        }
    }

    @Test
    void aPerIngredientThresholdOverridesTheDefault() throws Exception {
        ingest.close();
        ingest = service(sink, metrics, new AlertSettings(new LowLevelRules(20.0, Map.of("sugar", 50.0)), 5.0,
                Duration.ofMinutes(1), ForecastSettings.defaults()));
        publish(0, 520);
        publish(10, 490);
        assertThat(sink.named(EventNames.INVENTORY_LOW)).hasSize(2);
        assertThat(RecordingSink.text(sink.named(EventNames.INVENTORY_LOW).get(0))).contains("\"threshold\":50.0");
        publish(20, 540);
        assertThat(sink.named(EventNames.INVENTORY_RESTORED)).isEmpty();
        publish(30, 550);
        assertThat(sink.named(EventNames.INVENTORY_RESTORED)).hasSize(2);
    }

    @Test
    void errorsAreEmittedOncePerOccurrenceAndWarningsNever() {
        Instant jam = base.plus(Duration.ofMinutes(1));
        String brewer = error("E_BREWER_JAM", "error", jam);
        String descale = error("W_DESCALE_DUE", "warning", jam);
        publish(ingest, base.plus(Duration.ofMinutes(1)), 900, brewer + "," + descale);
        publish(ingest, base.plus(Duration.ofMinutes(2)), 900, brewer + "," + descale);
        publish(ingest, base.plus(Duration.ofMinutes(2)), 900, brewer);           // redelivered
        publish(ingest, base.plus(Duration.ofSeconds(30)), 900, brewer);          // late
        var errors = sink.named(EventNames.MACHINE_ERROR);
        assertThat(errors).hasSize(2);
        assertThat(errors).extracting(RoomEvent::room).containsExactly(Room.machine(machine), Room.org(TestIngest.ORG));
        assertThat(RecordingSink.text(errors.get(0))).isEqualTo("{\"machineId\":\"" + machine
                + "\",\"code\":\"E_BREWER_JAM\",\"message\":\"E_BREWER_JAM happened\",\"severity\":\"error\","
                + "\"occurredAt\":\"" + jam + "\"}");

        publish(ingest, base.plus(Duration.ofMinutes(3)), 900, descale);          // the jam cleared
        Instant again = base.plus(Duration.ofMinutes(4));
        publish(ingest, again, 900, error("E_BREWER_JAM", "error", again) + ","
                + error("C_BOILER_OVERHEAT", "critical", again));
        assertThat(sink.named(EventNames.MACHINE_ERROR)).hasSize(6);
        assertThat(metrics.get("vendhub.machine.errors.emitted").tag("severity", "error").counter().count())
                .isEqualTo(2.0);
        assertThat(metrics.get("vendhub.machine.errors.emitted").tag("severity", "critical").counter().count())
                .isEqualTo(1.0);
        // Warnings are stored like every error.
        await().until(() -> db.count("SELECT count(*) FROM machine_errors WHERE severity = 'warning'") == 1);
    }
}
