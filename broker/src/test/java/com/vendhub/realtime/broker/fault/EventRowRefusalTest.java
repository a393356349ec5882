package com.vendhub.realtime.broker.fault;

import static com.vendhub.realtime.broker.testing.Readings.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/architecture.md, "The events writer: two lanes": a row of the events writer that PostgreSQL refuses (a NUL cannot be stored in
 * text: SQLSTATE 22021) must not block status history, alerts and dead letters of the whole fleet. On
 * main the writer retried such a row forever. Now a dead letter's text is escaped before it is stored,
 * and any other row the database refuses for a data reason is dropped and counted, not retried.
 */
class EventRowRefusalTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int BYSTANDERS = 5;
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();

    /**
     * Jackson's "Unrecognized token 'ab\0cd'" copies the bad token, NUL included, into the dead letter's
     * detail; the device sends nothing else unusual.
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
        // No dead letter was refused by the database (the alert test may have had one of its rows refused).
        assertThat(server.metric("vendhub_ingest_serial_refused_total{lane=\"bulk\"")).isZero();
    }

    /**
     * A reading whose ingredient name holds a NUL (JSON's escaped form) raises a low-level alert whose
     * row the database refuses. Bystanders' status changes and another machine's alert after it are stored.
     */
    @Test
    void anAlertRowTheDatabaseRefusesBlocksNeitherStatusHistoryNorOtherAlerts(RunningServer server) {
        ProvisionedMachine bad = server.provision(UUID.randomUUID(), "nul-ingredient");
        UUID badId = bad.machine().id();
        Mqtt3BlockingClient device = server.connectDevice(bad);
        publish(device, badId, lowReading(badId, "Sug\\u0000ar"));

        String bystanders = bystandersComeAndGo(server);
        ProvisionedMachine other = server.provision(UUID.randomUUID(), "low-sugar");
        UUID otherId = other.machine().id();
        Mqtt3BlockingClient otherDevice = server.connectDevice(other);
        publish(otherDevice, otherId, lowReading(otherId, "Sugar"));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(server.count("SELECT count(*) FROM machine_status_changes WHERE machine_id IN ("
                    + bystanders + ")")).as("bystanders' status changes stored (online and offline each)")
                    .isEqualTo(2L * BYSTANDERS);
            assertThat(server.count("SELECT count(*) FROM inventory_alerts WHERE machine_id = '" + otherId + "'"))
                    .as("the other machine's alert stored").isEqualTo(1);
        });
        assertThat(server.count("SELECT count(*) FROM inventory_alerts WHERE machine_id = '" + badId + "'")).isZero();
        device.disconnect();
        otherDevice.disconnect();
    }

    private static byte[] lowReading(UUID machine, String jsonIngredientName) {
        return """
            {"machineId":"%s","timestamp":"%s","status":"online","temperature":5,"humidity":44.5,
             "bunkers":[
               {"bunkerId":"0f0e0d0c-0b0a-4908-8706-050403020100","ingredientId":"1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d",
                "ingredientName":"%s","currentLevel":100,"maxLevel":2000,"percentage":5,"lowLevelAlert":true}],
             "errors":[],"uptime":3600}
            """.formatted(machine, Instant.now().truncatedTo(ChronoUnit.MILLIS), jsonIngredientName)
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
