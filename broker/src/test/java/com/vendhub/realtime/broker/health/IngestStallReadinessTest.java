package com.vendhub.realtime.broker.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.vendhub.realtime.broker.app.ServeSettings;
import com.vendhub.realtime.broker.app.VendhubServer;
import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.StoppableDatabase;
import com.vendhub.realtime.broker.db.DatabaseSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/operations.md, "Health" (readiness, {@code ingest}): live events flow whether or not anything is stored, so a writer that commits
 * nothing must show. {@code /health/ready} of a real {@code vendhub serve} names {@code ingest} down
 * once readings have waited longer than {@code --ingest-stall-after} without a commit: first while the
 * database answers every check but the writer's table is locked (only {@code ingest} is down), then
 * while the database is stopped; each time it comes back up once the writer commits again, and
 * nothing waited out is dead-lettered.
 */
class IngestStallReadinessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STALL_AFTER = Duration.ofSeconds(3);
    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode ready(VendhubServer server) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/health/ready")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        assertThat(r.statusCode()).isEqualTo("up".equals(body.path("status").asText()) ? 200 : 503);
        return body;
    }

    private static String component(JsonNode body, String name) {
        return body.path("components").path(name).asText();
    }

    @Test
    void ingestIsNotReadyWhileCommitsStallAndReadyAgainOnceTheyResume(@TempDir Path pgData, @TempDir Path data)
            throws Exception {
        StoppableDatabase pg = StoppableDatabase.start(pgData);
        String url = pg.url();
        ServeSettings settings = RunningServer.loopback(data)
                .withDatabase(DatabaseSettings.embedded().withUrl(url).withPoolSize(4))
                .withReadiness(ReadinessSettings.defaults().withIngestStallAfter(STALL_AFTER));
        try (VendhubServer server = VendhubServer.start(settings, Clock.systemUTC())) {
            assertThat(component(ready(server), "ingest")).isEqualTo("up");
            ProvisionedMachine m = server.machines().provision(UUID.randomUUID(), "stall", 1.0, 2.0);
            UUID id = m.machine().id();
            Mqtt3BlockingClient device = Mqtt3Client.builder().identifier(id.toString()).serverHost("127.0.0.1")
                    .serverPort(server.mqttPort()).simpleAuth().username(id.toString())
                    .password(m.deviceToken().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().buildBlocking();
            device.connect();
            Instant t0 = Instant.now().minusSeconds(60);

            // 1. The database answers, but the writer's table is locked: only ingest is down.
            try (Connection lock = server.dataSource().getConnection(); Statement s = lock.createStatement()) {
                lock.setAutoCommit(false);
                s.execute("LOCK TABLE telemetry IN ACCESS EXCLUSIVE MODE");
                device.publishWith().topic("vendhub/machines/" + id + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(Readings.telemetry(id, t0, 4.0, 1000)).send();
                JsonNode down = await().atMost(Duration.ofSeconds(60)).until(() -> ready(server),
                        b -> "down".equals(component(b, "ingest")));
                assertThat(down.path("status").asText()).isEqualTo("down");
                assertThat(component(down, "database")).isEqualTo("up");
                assertThat(component(down, "backlog")).isEqualTo("up");
                assertThat(server.metrics().get("vendhub.ingest.commit.stalled.seconds").gauge().value())
                        .isGreaterThan((double) STALL_AFTER.toSeconds());
                lock.rollback();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> "up".equals(ready(server).path("status").asText()));
            await().atMost(Duration.ofSeconds(60)).until(() -> count(server, "telemetry") == 1);

            // 2. The database stops: ingest is down as well as the database, and both recover.
            pg.stop();
            device.publishWith().topic("vendhub/machines/" + id + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(Readings.telemetry(id, t0.plusSeconds(1), 4.0, 1000)).send();
            JsonNode down = await().atMost(Duration.ofSeconds(60)).until(() -> ready(server),
                    b -> "down".equals(component(b, "ingest")));
            assertThat(component(down, "database")).isEqualTo("down");
            pg.restart();
            JsonNode back = await().atMost(Duration.ofSeconds(90)).until(() -> ready(server),
                    b -> "up".equals(b.path("status").asText()));
            assertThat(component(back, "ingest")).isEqualTo("up");
            await().atMost(Duration.ofSeconds(60)).until(() -> count(server, "telemetry") == 2);
            // Waited out, never blamed: nothing was dead-lettered.
            assertThat(count(server, "dead_letters")).isZero();
            assertThat(server.metrics().get("vendhub.ingest.readings.refused").counter().count()).isZero();
            device.disconnect();
        } finally {
            pg.close();
        }
    }

    private static long count(VendhubServer server, String table) {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             var r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }
}
