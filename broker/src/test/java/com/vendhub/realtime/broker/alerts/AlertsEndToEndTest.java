package com.vendhub.realtime.broker.alerts;

import static com.vendhub.realtime.broker.testing.Readings.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.testing.NodeScript;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Alerts through the whole path: a real MQTT device (HiveMQ client) → embedded broker → ingest →
 * fan-out, watched by the official socket.io-client (src/test/js/alerts-dashboard.mjs) and through
 * REST {@code GET /api/v1/alerts?active=true}.
 */
class AlertsEndToEndTest {

    private static final String SUGAR = "0f0e0d0c-0b0a-4908-8706-050403020100";
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();

    /** A contract reading: Sugar (of 2000 g) at {@code sugar} grams, beans at 900 of 1000 g, and these errors. */
    static byte[] reading(UUID machine, Instant ts, double sugar, String errors) {
        return """
            {"machineId":"%s","timestamp":"%s","status":"online","temperature":6.5,"humidity":44.5,
             "bunkers":[
               {"bunkerId":"%s","ingredientId":"1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d",
                "ingredientName":"Sugar","currentLevel":%s,"maxLevel":2000,"percentage":99,"lowLevelAlert":false},
               {"bunkerId":"0f0e0d0c-0b0a-4908-8706-050403020101","ingredientId":"1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8e",
                "ingredientName":"Coffee beans","currentLevel":900,"maxLevel":1000,"percentage":90,"lowLevelAlert":false}],
             "errors":[%s],"uptime":3600}
            """.formatted(machine, ts, SUGAR, sugar, errors).getBytes(StandardCharsets.UTF_8);
    }

    static String error(String code, String severity, Instant at) {
        return "{\"code\":\"%s\",\"message\":\"%s\",\"severity\":\"%s\",\"occurredAt\":\"%s\"}"
                .formatted(code, code.toLowerCase(), severity, at);
    }

    private static HttpResponse<String> get(String path, String token) {
        return vendhub.server().get(path, token);
    }

    private static JsonNode alerts(String token) throws Exception {
        HttpResponse<String> r = get("/api/v1/alerts?active=true", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void lowLevelRestoreAndErrorsReachTheOwnersDashboardsOnceAndNobodyElse(RunningServer server) throws Exception {
        UUID orgA = UUID.randomUUID();
        UUID orgB = UUID.randomUUID();
        ProvisionedMachine a = server.provision(orgA, "alerts A");
        ProvisionedMachine b = server.provision(orgB, "alerts B");
        UUID idA = a.machine().id();
        String tokenA = server.userToken(orgA, "viewer");
        String tokenB = server.userToken(orgB, "viewer");

        NodeScript node = NodeScript.start("alerts-dashboard.mjs", Map.of("VENDHUB_URL", server.httpBase(),
                "VENDHUB_TOKEN_A", tokenA, "VENDHUB_TOKEN_B", tokenB, "VENDHUB_MACHINE_A", idA.toString(),
                "VENDHUB_ORG_A", orgA.toString(), "VENDHUB_ORG_B", orgB.toString()));

        // A reading every 10 minutes from 4 hours ago; Sugar falls 50 g (2.5 %) each: 17.5 % at step 13.
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(4));
        Instant raisedAt = base.plus(Duration.ofMinutes(130));
        Mqtt3BlockingClient deviceA = server.connectDevice(a);
        Mqtt3BlockingClient deviceB = server.connectDevice(b);
        Map<String, JsonNode> steps;
        try (node) {
            try {
                steps = node.readSteps(step -> {
                    if (!step.path("step").asText().equals("ready")) {
                        return;
                    }
                    for (int i = 0; i <= 13; i++) {
                        publish(deviceA, idA, reading(idA, base.plus(Duration.ofMinutes(10L * i)), 1000 - 50 * i, ""));
                    }
                    await().atMost(Duration.ofSeconds(20)).until(() -> alerts(tokenA).size() == 1);
                    JsonNode listed = alerts(tokenA).get(0);
                    assertThat(listed.path("machineId").asText()).isEqualTo(idA.toString());
                    assertThat(listed.path("bunkerId").asText()).isEqualTo(SUGAR);
                    assertThat(listed.path("percentage").asDouble()).isEqualTo(17.5);
                    assertThat(listed.path("threshold").asDouble()).isEqualTo(20.0);
                    assertThat(Instant.parse(listed.path("raisedAt").asText())).isEqualTo(raisedAt);
                    // 350 g left at 300 g/h: empty 70 minutes after the raising reading.
                    assertThat(Duration.between(raisedAt.plus(Duration.ofMinutes(70)),
                            Instant.parse(listed.path("emptyAt").asText())).abs()).isLessThan(Duration.ofMinutes(1));
                    assertThat(alerts(tokenB)).as("another organization sees none of A's alerts").isEmpty();

                    // Redelivered, late (older and lower), and a newer but still low reading: no second alert.
                    publish(deviceA, idA, reading(idA, raisedAt, 350, ""));
                    publish(deviceA, idA, reading(idA, base.plus(Duration.ofMinutes(125)), 100, ""));
                    publish(deviceA, idA, reading(idA, base.plus(Duration.ofMinutes(140)), 300, ""));
                    await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(
                            get("/api/v1/machines/" + idA + "/telemetry", tokenA).body()).path("timestamp").asText()
                            .equals(base.plus(Duration.ofMinutes(140)).toString()));
                    JsonNode latest = JSON.readTree(get("/api/v1/machines/" + idA + "/telemetry", tokenA).body());
                    assertThat(latest.path("bunkers").get(0).path("emptyAt").isTextual()).as(latest.toString())
                            .isTrue();

                    // An error, repeated while active, then gone, then again; a warning all along.
                    Instant jam = base.plus(Duration.ofMinutes(150));
                    String warning = error("W_DESCALE_DUE", "warning", base);
                    publish(deviceA, idA, reading(idA, jam, 250, error("E_BREWER_JAM", "error", jam) + "," + warning));
                    publish(deviceA, idA, reading(idA, base.plus(Duration.ofMinutes(160)), 200,
                            error("E_BREWER_JAM", "error", jam) + "," + warning));
                    publish(deviceA, idA, reading(idA, base.plus(Duration.ofMinutes(170)), 150, warning));
                    Instant again = base.plus(Duration.ofMinutes(180));
                    publish(deviceA, idA, reading(idA, again, 100, error("E_BREWER_JAM", "critical", again)));

                    // The refill clears it.
                    publish(deviceA, idA, reading(idA, base.plus(Duration.ofMinutes(190)), 1900, ""));
                    await().atMost(Duration.ofSeconds(20)).until(() -> alerts(tokenA).isEmpty());

                    // Organization B's own alert: the last event its dashboard waits for.
                    UUID idB = b.machine().id();
                    publish(deviceB, idB, reading(idB, base.plus(Duration.ofMinutes(190)), 100, ""));
                    node.send("finish");
                });
            } finally {
                deviceA.disconnect();
                deviceB.disconnect();
            }
            assertThat(node.waitFor(Duration.ofSeconds(60))).isTrue();
            assertThat(node.exitValue()).as("node output: %s", node.output()).isZero();
        }
        JsonNode events = steps.get("events");
        assertThat(events).as("node output: %s", node.output()).isNotNull();

        for (String socket : new String[] {"m", "o"}) {
            JsonNode got = events.path(socket);
            assertThat(got).as(socket + ": %s", got).hasSize(4);
            JsonNode low = got.get(0);
            assertThat(low.path("event").asText()).isEqualTo("inventory:low");
            assertThat(JSON.convertValue(low.path("data"), java.util.Map.class).keySet()).containsExactly(
                    "machineId", "bunkerId", "ingredientId", "ingredientName", "currentLevel", "maxLevel",
                    "percentage", "threshold", "raisedAt", "emptyAt");
            assertThat(low.path("data").path("currentLevel").asDouble()).isEqualTo(350.0);
            assertThat(Instant.parse(low.path("data").path("raisedAt").asText())).isEqualTo(raisedAt);
            assertThat(Duration.between(raisedAt.plus(Duration.ofMinutes(70)),
                    Instant.parse(low.path("data").path("emptyAt").asText())).abs()).isLessThan(Duration.ofMinutes(1));

            assertThat(got.get(1).path("event").asText()).isEqualTo("machine:error");
            assertThat(got.get(1).path("data").toString()).isEqualTo("{\"machineId\":\"" + idA
                    + "\",\"code\":\"E_BREWER_JAM\",\"message\":\"e_brewer_jam\",\"severity\":\"error\","
                    + "\"occurredAt\":\"" + jam(base) + "\"}");
            assertThat(got.get(2).path("event").asText()).isEqualTo("machine:error");
            assertThat(got.get(2).path("data").path("severity").asText()).isEqualTo("critical");

            JsonNode restored = got.get(3);
            assertThat(restored.path("event").asText()).isEqualTo("inventory:restored");
            assertThat(restored.path("data").path("percentage").asDouble()).isEqualTo(95.0);
            assertThat(Instant.parse(restored.path("data").path("raisedAt").asText())).isEqualTo(raisedAt);
        }
        JsonNode x = events.path("x");
        assertThat(x).as("organization B hears only its own: %s", x).hasSize(1);
        assertThat(x.get(0).path("data").path("machineId").asText()).isEqualTo(b.machine().id().toString());
        assertThat(server.server().metrics().get("vendhub.alerts.raised").counter().count()).isEqualTo(2.0);
        assertThat(server.server().metrics().get("vendhub.alerts.cleared").tag("reason", "refill").counter().count())
                .isEqualTo(1.0);
    }

    private static Instant jam(Instant base) {
        return base.plus(Duration.ofMinutes(150));
    }

    @Test
    void badQueriesAndTokensGetTheContractsErrors(RunningServer server) throws Exception {
        String viewer = server.userToken(UUID.randomUUID(), "viewer");
        HttpResponse<String> noToken = get("/api/v1/alerts?active=true", null);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(noToken.body()).path("error").asText()).isEqualTo("unauthorized");
        assertThat(get("/api/v1/alerts?active=true", "not-a-jwt").statusCode()).isEqualTo(401);

        HttpResponse<String> inactive = get("/api/v1/alerts?active=false", viewer);
        assertThat(inactive.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(inactive.body()).path("message").asText()).isEqualTo("active must be true");
        assertThat(get("/api/v1/alerts?active=true&organizationId=" + UUID.randomUUID(), viewer).statusCode())
                .as("another organization's alerts").isEqualTo(400);
        String superAdmin = server.userToken(null, "super_admin");
        assertThat(get("/api/v1/alerts?active=true&organizationId=nope", superAdmin).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/alerts?active=true&organizationId=" + UUID.randomUUID(), superAdmin).body())
                .isEqualTo("[]");
        assertThat(get("/api/v1/alerts", viewer).statusCode()).as("active defaults to true").isEqualTo(200);
    }
}
