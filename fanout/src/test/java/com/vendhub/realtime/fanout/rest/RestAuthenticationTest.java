package com.vendhub.realtime.fanout.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.fanout.testing.TestFanout;
import com.vendhub.realtime.fanout.testing.TestTokens;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every REST endpoint answers a missing, malformed, forged or expired token with the contract's JSON 401. */
class RestAuthenticationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID ORG = UUID.randomUUID();

    @RegisterExtension
    final TestFanout fanout = TestFanout.start();

    @Test
    void everyEndpointRefusesMissingBadAndExpiredTokens() throws Exception {
        UUID machine = fanout.machines().add(ORG, "m", 1, 2).id();
        String[][] endpoints = {
            {"GET", "/api/v1/machines?withLocation=true", null},
            {"GET", "/api/v1/machines/" + machine + "/telemetry", null},
            {"POST", "/api/v1/machines", "{\"name\":\"x\"}"},
            {"POST", "/api/v1/machines/" + machine + "/token", null},
            {"POST", "/api/v1/events", "{\"room\":\"org:" + ORG + "\",\"event\":\"n\",\"data\":{}}"},
        };
        String[] tokens = {
            null, "", "not-a-jwt", "a.b.c",
            new TestTokens("another-secret-another-secret-ab").token("u", ORG, "admin"),
            fanout.tokens().expired("u", ORG, "admin"),
        };
        for (String[] e : endpoints) {
            for (String token : tokens) {
                HttpResponse<String> r = fanout.send(e[0], e[1], token, e[2]);
                assertThat(r.statusCode()).as("%s %s with %s", e[0], e[1], token).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
                JsonNode body = JSON.readTree(r.body());
                assertThat(body.path("error").asText()).isEqualTo("unauthorized");
                assertThat(body.path("message").asText()).isNotBlank();
            }
        }
    }

    @Test
    void onlyTheBearerSchemeIsAccepted() {
        String valid = fanout.token("u", ORG, "viewer");
        assertThat(fanout.get("/api/v1/machines", valid).statusCode()).isEqualTo(200);
        // "Token xyz" instead of "Bearer xyz": the token itself is fine, the scheme is not.
        var request = java.net.http.HttpRequest.newBuilder(fanout.base().resolve("/api/v1/machines"))
                .header("Authorization", "Token " + valid).GET().build();
        try {
            assertThat(java.net.http.HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
