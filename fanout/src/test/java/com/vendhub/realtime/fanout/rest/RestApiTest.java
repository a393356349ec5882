package com.vendhub.realtime.fanout.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.fanout.auth.JwtVerifier;
import com.vendhub.realtime.fanout.testing.InMemoryMachines;
import com.vendhub.realtime.fanout.testing.TestTokens;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.machines.MachineRecord;
import com.vendhub.realtime.schema.machines.MachineRegistry;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The REST rules without HTTP: routing, scoping and provisioning validation. */
class RestApiTest {

    private static final UUID ORG_A = UUID.randomUUID();
    private static final UUID ORG_B = UUID.randomUUID();

    private final ObjectMapper mapper = WireJson.newObjectMapper();
    private final InMemoryMachines machines = new InMemoryMachines();
    private final TestTokens tokens = new TestTokens();
    private final RestApi api = new RestApi(JwtVerifier.hs256(TestTokens.SECRET), machines, machines, mapper);

    private RestResponse call(String method, String path, Map<String, List<String>> query, String token, String body) {
        return api.handle(new RestRequest(method, path, query, token == null ? null : "Bearer " + token,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    private JsonNode body(RestResponse r) throws Exception {
        return mapper.readTree(r.body());
    }

    @Test
    void routesAreNamedForMetrics() {
        assertThat(RestApi.routeOf(new RestRequest("GET", "/api/v1/machines", Map.of(), null, null)))
                .isEqualTo("machines.list");
        assertThat(RestApi.routeOf(new RestRequest("POST", "/api/v1/machines/", Map.of(), null, null)))
                .isEqualTo("machines.provision");
        assertThat(RestApi.routeOf(new RestRequest("GET", "/api/v1/machines/x/telemetry", Map.of(), null, null)))
                .isEqualTo("machines.telemetry");
        assertThat(RestApi.routeOf(new RestRequest("GET", "/api/v1/secret", Map.of(), null, null)))
                .isEqualTo("unknown");
    }

    @Test
    void listWithoutLocationOmitsCoordinates() throws Exception {
        machines.add(ORG_A, "A1", 1, 2);
        JsonNode list = body(call("GET", "/api/v1/machines", Map.of(), tokens.token("u", ORG_A, "viewer"), null));
        assertThat(list.get(0).has("lat")).isFalse();
        JsonNode located = body(call("GET", "/api/v1/machines", Map.of("withLocation", List.of("true")),
                tokens.token("u", ORG_A, "viewer"), null));
        assertThat(located.get(0).path("lat").asDouble()).isEqualTo(1.0);
    }

    @Test
    void adminCannotProvisionForAnotherOrganization() throws Exception {
        RestResponse r = call("POST", "/api/v1/machines", Map.of(), tokens.token("ad", ORG_A, "admin"),
                "{\"name\":\"x\",\"organizationId\":\"" + ORG_B + "\"}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(machines.list(java.util.Optional.of(ORG_B))).isEmpty();
    }

    @Test
    void provisioningValidatesTheBody() {
        String admin = tokens.token("ad", ORG_A, "admin");
        for (String bad : new String[] {"[]", "{}", "{\"name\":\"  \"}", "{\"name\":1}", "{\"name\":\"x\",\"lat\":1}",
                "{\"name\":\"x\",\"lat\":\"1\",\"lng\":2}", "{\"name\":\"x\",\"lat\":1,\"lng\":181}",
                "{\"name\":\"" + "n".repeat(201) + "\"}", "{\"name\":\"x\",\"organizationId\":\"nope\"}", ""}) {
            assertThat(call("POST", "/api/v1/machines", Map.of(), admin, bad).status()).as(bad).isEqualTo(400);
        }
        RestResponse rootWithoutOrg = call("POST", "/api/v1/machines", Map.of(),
                tokens.token("root", null, "super_admin"), "{\"name\":\"x\"}");
        assertThat(rootWithoutOrg.status()).isEqualTo(400);
    }

    @Test
    void provisionedMachineComesBackWithItsToken() throws Exception {
        RestResponse r = call("POST", "/api/v1/machines", Map.of(), tokens.token("ad", ORG_A, "admin"),
                "{\"name\":\" Hall \",\"lat\":41.3,\"lng\":69.2}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.headers()).containsEntry("Cache-Control", "no-store");
        JsonNode created = body(r);
        assertThat(created.path("name").asText()).isEqualTo("Hall");
        assertThat(r.headers().get("Location")).isEqualTo("/api/v1/machines/" + created.path("id").asText());
    }

    @Test
    void unknownEndpointsAre404AndWrongMethods405EvenWithoutAToken() {
        RestResponse delete = call("DELETE", "/api/v1/machines", Map.of(), null, null);
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.headers()).containsEntry("Allow", "GET, POST");
        assertThat(call("GET", "/api/v2/anything", Map.of(), null, null).status()).isEqualTo(404);
    }

    @Test
    void directoryFailureIsA500WithTheErrorShape() throws Exception {
        MachineRegistry down = new MachineRegistry() {
            @Override
            public List<MachineRecord> list(java.util.Optional<UUID> organizationId) {
                throw new IllegalStateException("database down");
            }

            @Override
            public java.util.Optional<MachineRecord> find(UUID machineId) {
                throw new IllegalStateException("database down");
            }

            @Override
            public ProvisionedMachine provision(UUID organizationId, String name, Double lat, Double lng) {
                throw new IllegalStateException("database down");
            }

            @Override
            public java.util.Optional<ProvisionedMachine> rotateToken(UUID machineId) {
                throw new IllegalStateException("database down");
            }
        };
        RestApi broken = new RestApi(JwtVerifier.hs256(TestTokens.SECRET), down, machines, mapper);
        RestResponse r = broken.handle(new RestRequest("GET", "/api/v1/machines", Map.of(),
                "Bearer " + tokens.token("u", ORG_A, "viewer"), null));
        assertThat(r.status()).isEqualTo(500);
        assertThat(body(r).path("error").asText()).isEqualTo("internal_error");
        assertThat(body(r).path("message").asText()).doesNotContain("database");
    }
}
