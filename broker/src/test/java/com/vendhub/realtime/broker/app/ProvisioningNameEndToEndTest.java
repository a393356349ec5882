package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/protocol.md, "REST error answers", through a real {@code vendhub serve} and its PostgreSQL: a machine name with a
 * NUL (which PostgreSQL refuses in text, so it used to answer 500) or another control character is a
 * client error, 400 with the contract's JSON, and nothing is stored.
 */
class ProvisioningNameEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();

    private static HttpResponse<String> provision(String bodyJson) throws Exception {
        String token = vendhub.server().userToken(UUID.randomUUID(), "admin");
        return vendhub.server().post("/api/v1/machines", token, bodyJson);
    }

    @Test
    void aNameWithANulOrAControlCharacterIs400AndNothingIsStored(RunningServer server) throws Exception {
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
