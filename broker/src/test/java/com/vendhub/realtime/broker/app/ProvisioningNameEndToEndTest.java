package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.broker.testing.RunningServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, defect 11, through a real {@code vendhub serve} and its PostgreSQL: a machine name with a
 * NUL (which PostgreSQL refuses in text, so it used to answer 500) or another control character is a
 * client error, 400 with the contract's JSON, and nothing is stored.
 */
class ProvisioningNameEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> provision(String bodyJson) throws Exception {
        String token = server.userToken(UUID.randomUUID(), "admin");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.httpBase() + "/api/v1/machines"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(bodyJson)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aNameWithANulOrAControlCharacterIs400AndNothingIsStored() throws Exception {
        long before = server.count("SELECT count(*) FROM machines");
        for (String name : new String[] {"Lobby\\u0000Coffee", "Lobby\\nForged", "Lobby\\u001b[31m", "Lobby\\ud800"}) {
            HttpResponse<String> r = provision("{\"name\":\"" + name + "\",\"lat\":41.3,\"lng\":69.2}");
            assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(400);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("error").asText()).isEqualTo("bad_request");
            assertThat(body.path("message").asText()).contains("control characters");
        }
        assertThat(server.count("SELECT count(*) FROM machines")).isEqualTo(before);
        // A printable name, Unicode included, is still fine.
        assertThat(provision("{\"name\":\"Кофе ☕ Lobby\"}").statusCode()).isEqualTo(201);
    }
}
