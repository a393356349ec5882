package com.vendhub.realtime.broker.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.ingest.machines.ProvisionedMachine;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, defect 2: a device sends a payload whose dead letter's detail quotes a NUL (Jackson's
 * "Unrecognized token 'ab\0cd'" copies the bad token into its message; PostgreSQL cannot store a NUL
 * in text and refuses the row with SQLSTATE 22021). On main the events writer retried that row forever,
 * so no status change, alert or dead letter of any machine was stored after it. Now the detail is
 * escaped, the dead letter is stored, and everything after it is stored too.
 */
class DeadLetterNulTest {

    private static final TopicScheme TOPICS = TopicScheme.defaults();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int BYSTANDERS = 5;
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aNulInADeadLettersDetailBlocksNeitherStatusHistoryNorLaterDeadLetters() {
        ProvisionedMachine bad = server.provision(UUID.randomUUID(), "nul-sender");
        UUID badId = bad.machine().id();
        Mqtt3BlockingClient device = server.connectDevice(bad);
        device.publishWith().topic(TOPICS.telemetry(badId)).qos(MqttQos.AT_LEAST_ONCE)
                .payload("ab\u0000cd".getBytes(StandardCharsets.UTF_8)).send();

        List<UUID> bystanders = new ArrayList<>();
        for (int i = 0; i < BYSTANDERS; i++) {
            ProvisionedMachine m = server.provision(UUID.randomUUID(), "bystander-" + i);
            bystanders.add(m.machine().id());
            Mqtt3BlockingClient c = server.connectDevice(m);
            c.disconnect();
        }
        device.publishWith().topic(TOPICS.telemetry(badId)).qos(MqttQos.AT_LEAST_ONCE)
                .payload("after the nul".getBytes(StandardCharsets.UTF_8)).send();
        device.disconnect();

        String ids = bystanders.stream().map(id -> "'" + id + "'").reduce((a, b) -> a + "," + b).orElseThrow();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(server.count("SELECT count(*) FROM machine_status_changes WHERE machine_id IN (" + ids + ")"))
                    .as("bystanders' status changes stored (online and offline each)").isEqualTo(2L * BYSTANDERS);
            assertThat(server.count("SELECT count(*) FROM dead_letters WHERE client_id = '" + badId + "'"))
                    .as("dead letters stored, the one quoting a NUL and the one after it").isEqualTo(2);
        });
        // The NUL is kept visibly escaped in the detail; the raw payload keeps it as it was.
        assertThat(server.count("SELECT count(*) FROM dead_letters WHERE client_id = '" + badId
                + "' AND detail LIKE '%ab\\\\u0000cd%' AND payload = '\\x6162006364'::bytea")).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM machine_status_changes WHERE machine_id = '" + badId + "'"))
                .isEqualTo(2);
        assertThat(server.metric("vendhub_ingest_serial_refused_total")).isZero();
    }
}
