package com.vendhub.realtime.broker.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.ingest.EventWriterSettings;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dead-letter budget and retention as {@code serve} runs them with its settings: a device past its
 * budget has the rest of the minute counted only; dead letters past the retention are deleted by the
 * periodic run, younger ones kept.
 */
class DeadLetterBoundsEndToEndTest {

    private static final int BUDGET = 3;
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.withEvents(
            EventWriterSettings.defaults().withDeadLetterBudgetPerMinute(BUDGET)
                    .withDeadLetterRetention(Duration.ofHours(1), Duration.ofSeconds(1)));

    @Test
    void aDevicePastItsBudgetIsCountedNotStored(RunningServer server) {
        ProvisionedMachine m = server.provision(UUID.randomUUID(), "junk");
        UUID id = m.machine().id();
        Mqtt3BlockingClient device = server.connectDevice(m);
        double overBefore = server.metric("vendhub_ingest_deadletters_over_budget_total");
        for (int i = 0; i < 10; i++) {
            device.publishWith().topic(TopicScheme.defaults().telemetry(id)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("junk " + i).getBytes(StandardCharsets.UTF_8)).send();
        }
        // Every message is either stored or counted over budget; the ten publishes normally fall in one
        // budget window, at most in two when a minute turns between them.
        await().atMost(Duration.ofSeconds(60)).until(() -> stored(id)
                + server.metric("vendhub_ingest_deadletters_over_budget_total") - overBefore == 10);
        assertThat(stored(id)).isBetween((long) BUDGET, 2L * BUDGET);
        assertThat(server.metric("vendhub_ingest_rejected_total{reason=\"not_json\"")).isGreaterThanOrEqualTo(10);
        device.disconnect();
    }

    private static long stored(UUID id) {
        return vendhub.server().count("SELECT count(*) FROM dead_letters WHERE client_id = '" + id + "'");
    }

    @Test
    void deadLettersPastTheRetentionAreDeleted(RunningServer server) throws Exception {
        try (Connection c = server.server().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO dead_letters (received_at, topic, client_id, reason, detail, payload_size, payload) "
                    + "SELECT now() - interval '2 hours', 'old', 'retention-test', 'not_json', 'd', 0, ''::bytea "
                    + "FROM generate_series(1, 5)");
            s.execute("INSERT INTO dead_letters (received_at, topic, client_id, reason, detail, payload_size, payload) "
                    + "VALUES (now() - interval '10 minutes', 'young', 'retention-test', 'not_json', 'd', 0, ''::bytea)");
        }
        await().atMost(Duration.ofSeconds(60)).until(
                () -> server.count("SELECT count(*) FROM dead_letters WHERE client_id = 'retention-test'") == 1);
        assertThat(server.count("SELECT count(*) FROM dead_letters WHERE topic = 'young'")).isEqualTo(1);
        assertThat(server.metric("vendhub_ingest_deadletters_expired_total")).isGreaterThanOrEqualTo(5);
    }
}
