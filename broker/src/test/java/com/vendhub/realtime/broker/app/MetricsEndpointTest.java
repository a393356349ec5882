package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.fanout.testing.SocketIoTestClient;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /metrics} of a real {@code vendhub serve} after some traffic of every kind (readings, a
 * rejected message, a dashboard socket, backend events over REST and MQTT) carries each family the
 * issue names, with a plausible value where the traffic went.
 */
class MetricsEndpointTest {

    @RegisterExtension
    final RunningServerExtension vendhub = RunningServerExtension.defaults();

    @Test
    void everyFamilyIsScrapedWithTheTrafficItCounted(RunningServer server) throws Exception {
        UUID org = UUID.randomUUID();
        ProvisionedMachine m = server.provision(org, "metrics");
        UUID id = m.machine().id();
        SocketIoTestClient dashboard = server.dashboard(org, "viewer");
        assertThat(dashboard.subscribe("machine:" + id).path("ok").asBoolean()).isTrue();
        Mqtt3BlockingClient device = server.connectDevice(m);
        Mqtt3BlockingClient backend = server.connectService("backend");
        try {
            Instant now = Instant.now().minusSeconds(60);
            for (int i = 0; i < 10; i++) {
                device.publishWith().topic("vendhub/machines/" + id + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(Readings.telemetry(id, now.plusSeconds(i), 4.0, 1000)).send();
            }
            device.publishWith().topic("vendhub/machines/" + id + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("not json".getBytes(StandardCharsets.UTF_8)).send();
            backend.publishWith().topic("vendhub/events/machine:" + id).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("{\"event\":\"note\",\"data\":{},\"organizationId\":\"" + org + "\"}")
                            .getBytes(StandardCharsets.UTF_8)).send();
            HttpResponse<String> rest = server.post("/api/v1/events", server.userToken(org, "service"),
                    "{\"room\":\"machine:" + id + "\",\"event\":\"note\",\"data\":{}}");
            assertThat(rest.statusCode()).isEqualTo(202);
            dashboard.awaitEventCount("machine:telemetry", 10);
            dashboard.awaitEventCount("note", 2);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> scrape(server).getOrDefault("vendhub_ingest_readings_committed_total", 0.0) >= 10);

            Map<String, Double> metrics = scrape(server);
            assertThat(metrics.get("vendhub_ingest_messages_received_total")).isGreaterThanOrEqualTo(11);
            assertThat(metrics.get("vendhub_ingest_readings_committed_total")).isGreaterThanOrEqualTo(10);
            assertThat(metrics.get("vendhub_ingest_rejected_total{reason=\"not_json\"}")).isEqualTo(1);
            assertThat(metrics).containsKey("vendhub_ingest_rejected_total{reason=\"invalid_field\"}");
            assertThat(metrics.get("vendhub_ingest_batch_size_count")).isPositive();
            assertThat(metrics.get("vendhub_ingest_batch_size_sum")).isGreaterThanOrEqualTo(10);
            assertThat(metrics.get("vendhub_ingest_batch_commit_seconds_count")).isPositive();
            assertThat(metrics.get("vendhub_ingest_batch_commit_seconds_sum")).isPositive();
            assertThat(metrics.get("vendhub_ingest_queue_depth")).isNotNegative();
            assertThat(metrics.get("vendhub_ingest_queue_capacity")).isPositive();
            assertThat(metrics.get("vendhub_ingest_spool_bytes")).isNotNegative();
            assertThat(metrics.get("vendhub_ingest_spool_max_bytes")).isPositive();
            assertThat(metrics.get("vendhub_broker_connections")).isGreaterThanOrEqualTo(2);
            assertThat(metrics.get("vendhub_fanout_connected_sockets")).isGreaterThanOrEqualTo(1);
            assertThat(metrics.get("vendhub_fanout_rooms")).isGreaterThanOrEqualTo(1);
            assertThat(metrics.get("vendhub_fanout_events_published_total")).isGreaterThanOrEqualTo(12);
            assertThat(metrics.get("vendhub_fanout_frames_delivered_total")).isGreaterThanOrEqualTo(12);
            for (String reason : new String[] {"outbound_limit", "grace_expired", "polling_queue_full"}) {
                assertThat(metrics).containsKey(
                        "vendhub_fanout_slow_clients_disconnected_total{reason=\"" + reason + "\"}");
            }
            assertThat(metrics.get("vendhub_events_received_total{source=\"rest\"}")).isEqualTo(1);
            assertThat(metrics.get("vendhub_events_received_total{source=\"mqtt\"}")).isEqualTo(1);
            assertThat(metrics.get("vendhub_database_up")).isEqualTo(1);
            assertThat(metrics.get("vendhub_machines_online")).isEqualTo(1);
        } finally {
            device.disconnect();
            backend.disconnect();
            dashboard.close();
        }
    }

    /** Series (name with labels, as printed) to value. */
    private static Map<String, Double> scrape(RunningServer server) {
        HttpResponse<String> r = server.get("/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return series;
    }
}
