package com.vendhub.realtime.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.broker.health.ReadinessSettings;
import com.vendhub.realtime.broker.testing.StoppableDatabase;
import com.vendhub.realtime.broker.app.JwtSettings;
import com.vendhub.realtime.broker.db.DatabaseSettings;
import com.vendhub.realtime.broker.health.ReadinessSettings;
import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.testing.TestTokens;
import com.vendhub.realtime.schema.config.MqttUrl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /health/ready} of a {@code vendhub fanout} node whose PostgreSQL is stopped and started
 * again: 503 naming {@code database} while it is away (the pool alone still "runs"), 200 once it is back.
 */
class FanoutReadinessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode ready(FanoutNode node, int expectedStatus) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.httpPort() + "/health/ready")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == expectedStatus ? JSON.readTree(r.body()) : null;
    }

    @Test
    void readinessNamesTheDatabaseWhileItIsDownAndRecovers(@TempDir Path pgData) throws Exception {
        StoppableDatabase pg = StoppableDatabase.start(pgData);
        // Non-default bounds, as --db-check-interval / --db-down-after give them.
        ReadinessSettings readiness = ReadinessSettings.defaults()
                .withDatabaseCheck(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(1));
        try (Mosquitto mosquitto = Mosquitto.start();
             FanoutNode node = FanoutNode.start(FanoutNodeSettings.defaults(BrokerConnection.to(MqttUrl.parse(mosquitto.url())),
                             DatabaseSettings.external(pg.jdbcUrl()).withCredentials("postgres", null).withPoolSize(2),
                             JwtSettings.secret(TestTokens.SECRET))
                     .withReadiness(readiness)
                     .withHttp(FanoutConfig.builder().host("127.0.0.1").port(0).build()))) {
            JsonNode up = await().atMost(Duration.ofSeconds(30)).until(() -> ready(node, 200), n -> n != null);
            assertThat(up.path("components").path("database").asText()).isEqualTo("up");
            assertThat(node.metrics().get("vendhub.database.up").gauge().value()).isEqualTo(1);

            pg.stop();
            JsonNode down = await().atMost(Duration.ofSeconds(60)).until(() -> ready(node, 503), n -> n != null);
            assertThat(down.path("status").asText()).isEqualTo("down");
            assertThat(down.path("components").path("database").asText()).isEqualTo("down");
            assertThat(node.metrics().get("vendhub.database.up").gauge().value()).isZero();

            pg.restart();
            JsonNode back = await().atMost(Duration.ofSeconds(60)).until(() -> ready(node, 200), n -> n != null);
            assertThat(back.path("components").path("database").asText()).isEqualTo("up");
        } finally {
            pg.close();
        }
    }
}
