package com.vendhub.realtime.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP port of a running {@code vendhub ingest} worker on a real Mosquitto: {@code /metrics} is the
 * Prometheus scrape of its registry, {@code /health/live} answers, and {@code /health/ready} is up while the
 * database answers and the MQTT session is connected, down naming {@code mqtt} once the broker is gone.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class IngestWorkerMonitoringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(IngestWorker worker, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.httpPort() + path)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The readiness body when it answers {@code status}, else null (to wait for). */
    private JsonNode ready(IngestWorker worker, int status) throws Exception {
        HttpResponse<String> r = get(worker, "/health/ready");
        return r.statusCode() == status ? JSON.readTree(r.body()) : null;
    }

    @Test
    void aRunningWorkerServesItsMetricsAndHealthAndIsNotReadyWithoutItsBroker(TestDatabase db) throws Exception {
        List<UUID> machines = IngestClusterTest.machines(db);
        Mosquitto broker = Mosquitto.start();
        try (broker;
             IngestWorker worker = IngestWorker.start(IngestClusterTest.settings(broker, db, "worker-m"));
             PublishingDevices devices = PublishingDevices.connect(broker, machines.subList(0, 1))) {
            devices.publishRaw(0, TopicScheme.defaults().telemetry(machines.get(0)),
                    Readings.telemetry(machines.get(0), Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5),
                            4.5, 1000), false);
            await().atMost(Duration.ofSeconds(30)).until(() -> worker.counters().committed() == 1);

            HttpResponse<String> metrics = get(worker, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            assertThat(metrics.body()).contains("vendhub_cluster_broker_messages_total 1.0")
                    .contains("vendhub_ingest_acks_published_total")
                    .contains("jvm_memory_used_bytes");

            HttpResponse<String> live = get(worker, "/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(live.body()).path("status").asText()).isEqualTo("up");

            JsonNode up = await().atMost(Duration.ofSeconds(30)).until(() -> ready(worker, 200), n -> n != null);
            assertThat(up.path("status").asText()).isEqualTo("up");
            assertThat(up.path("components").path("database").asText()).isEqualTo("up");
            assertThat(up.path("components").path("mqtt").asText()).isEqualTo("up");

            assertThat(get(worker, "/nothing-here").statusCode()).isEqualTo(404);

            broker.close();
            JsonNode down = await().atMost(Duration.ofSeconds(30)).until(() -> ready(worker, 503), n -> n != null);
            assertThat(down.path("status").asText()).isEqualTo("down");
            assertThat(down.path("components").path("mqtt").asText()).isEqualTo("down");
            assertThat(down.path("components").path("database").asText()).isEqualTo("up");
        }
    }
}
