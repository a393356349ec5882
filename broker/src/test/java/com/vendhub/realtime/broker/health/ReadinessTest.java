package com.vendhub.realtime.broker.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.vendhub.realtime.broker.app.IngestTuning;
import com.vendhub.realtime.broker.app.ServeSettings;
import com.vendhub.realtime.broker.app.VendhubServer;
import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.StoppableDatabase;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.ingest.spool.SpoolSettings;
import com.vendhub.realtime.broker.db.DatabaseSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /health/ready} of a real {@code vendhub serve} whose PostgreSQL is stopped and started
 * again: 503 naming {@code database} while it is away, {@code backlog} once the spool nears its bound
 * (a deliberately small one), and 200 again after the database returns and the backlog drains.
 */
class ReadinessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A small spool, so that a few hundred readings fill 90 % of it. */
    private static final long SPOOL_MAX = 64 * 1024;

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode ready(VendhubServer server, int expectedStatus) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/health/ready")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == expectedStatus ? JSON.readTree(r.body()) : null;
    }

    @Test
    void readinessNamesTheDatabaseAndTheBacklogWhileTheyAreDown(@TempDir Path pgData, @TempDir Path data)
            throws Exception {
        StoppableDatabase pg = StoppableDatabase.start(pgData);
        String url = pg.url();
        ServeSettings settings = RunningServer.loopback(data)
                .withDatabase(DatabaseSettings.embedded().withUrl(url).withPoolSize(4))
                .withIngest(IngestTuning.defaults(data).withSpool(new SpoolSettings(data.resolve("spool"), 8 * 1024,
                        SPOOL_MAX, Duration.ofMillis(5))));
        try (VendhubServer server = VendhubServer.start(settings, Clock.systemUTC())) {
            JsonNode up = ready(server, 200);
            assertThat(up).isNotNull();
            assertThat(up.path("components").path("database").asText()).isEqualTo("up");
            assertThat(up.path("components").path("backlog").asText()).isEqualTo("up");
            assertThat(up.path("components").path("broker").asText()).isEqualTo("up");
            ProvisionedMachine m = server.machines().provision(UUID.randomUUID(), "r", 1.0, 2.0);

            pg.stop();
            JsonNode down = await().atMost(Duration.ofSeconds(60)).until(() -> ready(server, 503), n -> n != null);
            assertThat(down.path("status").asText()).isEqualTo("down");
            assertThat(down.path("components").path("database").asText()).isEqualTo("down");
            assertThat(down.path("components").path("broker").asText()).isEqualTo("up");
            assertThat(down.path("components").path("http").asText()).isEqualTo("up");
            assertThat(server.metrics().get("vendhub.database.up").gauge().value()).isZero();

            // Readings keep arriving into the outage and wait in the spool until it nears its bound.
            UUID id = m.machine().id();
            Mqtt3BlockingClient device = Mqtt3Client.builder().identifier(id.toString()).serverHost("127.0.0.1")
                    .serverPort(server.mqttPort()).simpleAuth().username(id.toString())
                    .password(m.deviceToken().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().buildBlocking();
            device.connect();
            Instant start = Instant.now().minusSeconds(3600);
            int sent = 0;
            while (sent < 2_000 && !"down".equals(backlog(server))) {
                for (int i = 0; i < 20; i++, sent++) {
                    device.publishWith().topic("vendhub/machines/" + id + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                            .payload(Readings.telemetry(id, start.plusSeconds(sent), 4.0, 1000)).send();
                }
            }
            assertThat(backlog(server)).as("backlog after %d readings", sent).isEqualTo("down");
            device.disconnect();

            pg.restart();
            JsonNode back = await().atMost(Duration.ofSeconds(90)).until(() -> ready(server, 200), n -> n != null);
            assertThat(back.path("components").path("database").asText()).isEqualTo("up");
            assertThat(back.path("components").path("backlog").asText()).isEqualTo("up");
        } finally {
            pg.close();
        }
    }

    private String backlog(VendhubServer server) throws Exception {
        JsonNode body = ready(server, 503);
        return body == null ? "up" : body.path("components").path("backlog").asText();
    }
}
