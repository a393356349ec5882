package com.vendhub.realtime.broker.fault;

import static com.vendhub.realtime.broker.testing.Readings.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.ingest.store.SerialWriter;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A row of the events writer that PostgreSQL refuses must not block status history, alerts and dead
 * letters of the whole fleet; before, the writer retried such a row forever. Now a dead
 * letter's text is escaped before it is stored (a NUL cannot be stored in text: SQLSTATE 22021), and any
 * other row the database refuses is dropped, counted and logged, not retried
 * (docs/architecture.md, "The events writer: two lanes").
 */
class EventRowRefusalTest {

    /** Generous, for a loaded machine: each wait ends as soon as its condition holds. */
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final String REFUSED_IMPORTANT = "vendhub_ingest_serial_refused_total{lane=\"important\"";
    private static final String EVENTS_RETRIES = "vendhub_ingest_serial_db_errors_total{writer=\"events\"";
    private static final int BYSTANDERS = 5;
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();

    /**
     * Jackson's "Unrecognized token 'ab\0cd'" copies the bad token, NUL included, into the rejection's
     * detail, which must reach the database escaped (the validator escapes it, the dead-letter writer again);
     * the device sends nothing else unusual.
     */
    @Test
    void aNulInADeadLettersDetailBlocksNeitherStatusHistoryNorLaterDeadLetters(RunningServer server) {
        ProvisionedMachine bad = server.provision(UUID.randomUUID(), "nul-sender");
        UUID badId = bad.machine().id();
        Mqtt3BlockingClient device = server.connectDevice(bad);
        publish(device, badId, "ab\u0000cd".getBytes(StandardCharsets.UTF_8));

        String bystanders = bystandersComeAndGo(server);
        publish(device, badId, "after the nul".getBytes(StandardCharsets.UTF_8));
        device.disconnect();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(server.count("SELECT count(*) FROM machine_status_changes WHERE machine_id IN ("
                    + bystanders + ")")).as("bystanders' status changes stored (online and offline each)")
                    .isEqualTo(2L * BYSTANDERS);
            assertThat(server.count("SELECT count(*) FROM dead_letters WHERE client_id = '" + badId + "'"))
                    .as("dead letters stored, the one quoting a NUL and the one after it").isEqualTo(2);
        });
        // The NUL is kept visibly escaped in the detail; the raw payload keeps it as it was.
        assertThat(server.count("SELECT count(*) FROM dead_letters WHERE client_id = '" + badId
                + "' AND detail LIKE '%ab\\\\u0000cd%' AND payload = '\\x6162006364'::bytea")).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM machine_status_changes WHERE machine_id = '" + badId + "'"))
                .isEqualTo(2);
        // No dead letter was refused by the database (the alert test has one of its important rows refused).
        assertThat(server.metric("vendhub_ingest_serial_refused_total{lane=\"bulk\"")).isZero();
    }

    /**
     * A low-level alert row the database refuses, through the real server, from a reading that passes
     * validation. No such reading makes the product's own schema refuse an events-writer row (control
     * characters are refused by validation, every device time lies inside PostgreSQL's range, status
     * changes carry the server's clock), so the refusal comes from a rule the operator added to the
     * database, as in IngestWorkerPoisonTest: alerts' ingredient names at most 64 characters, while
     * validation accepts 1024. The reading itself is stored; its alert row is refused (SQLSTATE 23514),
     * dropped, counted once and logged once, never retried as an outage; the machine's status change
     * queued right behind it, bystanders' status changes and another machine's alert are stored.
     */
    @Test
    void anAlertRowTheDatabaseRefusesBlocksNeitherStatusHistoryNorOtherAlerts(RunningServer server) throws Exception {
        String longName = "Sugar, fine granulated, from the refill pack of the spring promotion (blue label)";
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger writerLog = (Logger) LoggerFactory.getLogger(SerialWriter.class);
        log.start();
        writerLog.addAppender(log);
        double refusedBefore = server.metric(REFUSED_IMPORTANT);
        double retriesBefore = server.metric(EVENTS_RETRIES);
        execute(server, "ALTER TABLE inventory_alerts ADD CONSTRAINT operator_name_length "
                + "CHECK (char_length(ingredient_name) <= 64)");
        try {
            ProvisionedMachine bad = server.provision(UUID.randomUUID(), "long-ingredient");
            UUID badId = bad.machine().id();
            Mqtt3BlockingClient device = server.connectDevice(bad);
            // "maintenance": judging the reading queues its alert raise, then this status change right behind it.
            publish(device, badId, lowReading(badId, "maintenance", longName));

            String bystanders = bystandersComeAndGo(server);
            ProvisionedMachine other = server.provision(UUID.randomUUID(), "low-sugar");
            UUID otherId = other.machine().id();
            Mqtt3BlockingClient otherDevice = server.connectDevice(other);
            publish(otherDevice, otherId, lowReading(otherId, "online", "Sugar"));

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(server.metric(REFUSED_IMPORTANT) - refusedBefore)
                        .as("the alert row refused by the database, dropped and counted").isEqualTo(1);
                assertThat(server.statusHistory(badId)).as("the status change queued behind the refused row")
                        .contains("maintenance/telemetry");
                assertThat(server.count("SELECT count(*) FROM machine_status_changes WHERE machine_id IN ("
                        + bystanders + ")")).as("bystanders' status changes stored (online and offline each)")
                        .isEqualTo(2L * BYSTANDERS);
                assertThat(server.count("SELECT count(*) FROM inventory_alerts WHERE machine_id = '" + otherId
                        + "'")).as("the other machine's alert stored").isEqualTo(1);
            });
            assertThat(server.count("SELECT count(*) FROM bunker_levels WHERE machine_id = '" + badId
                    + "' AND ingredient_name = '" + longName + "'")).as("the valid reading itself stored").isEqualTo(1);
            assertThat(server.count("SELECT count(*) FROM inventory_alerts WHERE machine_id = '" + badId + "'"))
                    .isZero();
            assertThat(server.metric(EVENTS_RETRIES) - retriesBefore).as("no attempt retried as an outage").isZero();
            List<String> lines;
            synchronized (log) {
                lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            }
            assertThat(lines).filteredOn(line -> line.contains(badId.toString())).singleElement().asString()
                    .contains("raise of alert " + badId, "refused by the database and dropped, not retried",
                            "SQLSTATE 23514", "operator_name_length");
            device.disconnect();
            otherDevice.disconnect();
        } finally {
            writerLog.detachAppender(log);
            execute(server, "ALTER TABLE inventory_alerts DROP CONSTRAINT operator_name_length");
        }
    }

    /** Runs {@code sql} on the server's database, as an operator at a psql prompt would. */
    private static void execute(RunningServer server, String sql) throws SQLException {
        try (Connection c = server.server().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static byte[] lowReading(UUID machine, String status, String ingredientName) {
        return """
            {"machineId":"%s","timestamp":"%s","status":"%s","temperature":5,"humidity":44.5,
             "bunkers":[
               {"bunkerId":"0f0e0d0c-0b0a-4908-8706-050403020100","ingredientId":"1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d",
                "ingredientName":"%s","currentLevel":100,"maxLevel":2000,"percentage":5,"lowLevelAlert":true}],
             "errors":[],"uptime":3600}
            """.formatted(machine, Instant.now().truncatedTo(ChronoUnit.MILLIS), status, ingredientName)
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@link #BYSTANDERS} machines that connect and disconnect, each leaving an online and an offline
     * status change to be stored; their ids as an SQL list.
     */
    private static String bystandersComeAndGo(RunningServer server) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < BYSTANDERS; i++) {
            ProvisionedMachine m = server.provision(UUID.randomUUID(), "bystander-" + i);
            ids.add("'" + m.machine().id() + "'");
            server.connectDevice(m).disconnect();
        }
        return String.join(",", ids);
    }
}
