package com.vendhub.realtime.broker.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/machines/{id}/telemetry/history} on a running server, with readings a machine
 * published over MQTT: the bucketed answer, and every error of the contract.
 */
class TelemetryHistoryRestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();
    private static UUID org;
    private static UUID machine;
    private static String token;
    /** A whole hour two hours back; the machine published six readings a minute apart from it. */
    private static Instant hour;

    @BeforeAll
    static void publishSixReadings(RunningServer server) {
        org = UUID.randomUUID();
        ProvisionedMachine m = server.provision(org, "Coffee at the lobby");
        machine = m.machine().id();
        token = server.userToken(org, "viewer");
        hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
        Mqtt3BlockingClient device = server.connectDevice(m);
        for (int i = 0; i < 6; i++) {
            device.publishWith().topic(TopicScheme.defaults().telemetry(machine)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(Readings.telemetry(machine, hour.plus(i, ChronoUnit.MINUTES), 1 + i, 1000 - 100 * i))
                    .send();
        }
        device.disconnect();
        await().until(() -> server.count("SELECT count(*) FROM telemetry WHERE machine_id = '" + machine + "'") == 6);
    }

    @Test
    void answersMinAvgMaxPerBucket() throws Exception {
        HttpResponse<String> r = get(path(machine, hour, hour.plus(1, ChronoUnit.HOURS), "5m"), token);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("machineId").asText()).isEqualTo(machine.toString());
        assertThat(body.path("from").asText()).isEqualTo(hour.toString());
        assertThat(body.path("bucket").asText()).isEqualTo("5m");
        assertThat(body.path("bucketSeconds").asLong()).isEqualTo(300);
        JsonNode points = body.path("points");
        assertThat(points).hasSize(2);
        JsonNode first = points.get(0);
        assertThat(first.path("t").asText()).isEqualTo(hour.toString());
        assertThat(first.path("samples").asLong()).isEqualTo(5);
        assertThat(stats(first.path("temperature"))).containsExactly(1.0, 3.0, 5.0);
        assertThat(stats(first.path("humidity"))).containsExactly(44.5, 44.5, 44.5);
        JsonNode sugar = first.path("bunkers").get(0);
        assertThat(sugar.path("bunkerId").asText()).isEqualTo("0f0e0d0c-0b0a-4908-8706-050403020100");
        assertThat(sugar.path("ingredientName").asText()).isEqualTo("Sugar");
        assertThat(stats(sugar.path("level"))).containsExactly(600.0, 800.0, 1000.0);
        assertThat(sugar.path("maxLevel").asDouble()).isEqualTo(2000);
        assertThat(first.path("bunkers").get(1).path("ingredientName").asText()).isEqualTo("Coffee beans");
        assertThat(points.get(1).path("t").asText()).isEqualTo(hour.plus(5, ChronoUnit.MINUTES).toString());
        assertThat(stats(points.get(1).path("temperature"))).containsExactly(6.0, 6.0, 6.0);
    }

    @Test
    void aSuperAdminSeesAnyOrganizationsMachine(RunningServer server) throws Exception {
        HttpResponse<String> r = get(path(machine, hour, hour.plus(1, ChronoUnit.HOURS), "1h"),
                server.userToken(UUID.randomUUID(), "super_admin"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("points").get(0).path("samples").asLong()).isEqualTo(6);
    }

    @Test
    void refusesMissingOrBadTokensWith401() throws Exception {
        String p = path(machine, hour, hour.plus(1, ChronoUnit.HOURS), "5m");
        assertError(get(p, null), 401, "unauthorized");
        assertError(get(p, "not-a-jwt"), 401, "unauthorized");
    }

    @Test
    void unknownAndOtherOrganizationsMachinesAreBoth404AndAMalformedIdIs400(RunningServer server) throws Exception {
        Instant to = hour.plus(1, ChronoUnit.HOURS);
        String unknown = assertError(get(path(UUID.randomUUID(), hour, to, "5m"), token), 404, "not_found");
        String foreign = assertError(get(path(machine, hour, to, "5m"), server.userToken(UUID.randomUUID(), "admin")),
                404, "not_found");
        assertThat(foreign).as("another organization's machine looks exactly like a missing one").isEqualTo(unknown);
        assertError(get("/api/v1/machines/not-a-uuid/telemetry/history?from=" + enc(hour) + "&to=" + enc(to)
                + "&bucket=5m", token), 400, "bad_request");
    }

    @Test
    void refusesMissingOrUnreadableParametersWith400() throws Exception {
        String base = "/api/v1/machines/" + machine + "/telemetry/history";
        String from = "from=" + enc(hour);
        String to = "to=" + enc(hour.plus(1, ChronoUnit.HOURS));
        assertThat(assertError(get(base + "?" + to + "&bucket=5m", token), 400, "bad_request")).contains("from");
        assertThat(assertError(get(base + "?" + from + "&bucket=5m", token), 400, "bad_request")).contains("to");
        assertThat(assertError(get(base + "?" + from + "&" + to, token), 400, "bad_request")).contains("bucket");
        assertThat(assertError(get(base + "?from=yesterday&" + to + "&bucket=5m", token), 400, "bad_request"))
                .contains("from");
        assertThat(assertError(get(base + "?from=2026-11-29T10:00:00&" + to + "&bucket=5m", token), 400,
                "bad_request")).as("a time without an offset is ambiguous").contains("offset");
        assertThat(assertError(get(base + "?" + from + "&" + to + "&bucket=5x", token), 400, "bad_request"))
                .contains("bucket");
        assertThat(assertError(get(base + "?" + from + "&" + to + "&bucket=0m", token), 400, "bad_request"))
                .contains("bucket");
    }

    @Test
    void refusesFromAfterTo() throws Exception {
        assertThat(assertError(get(path(machine, hour.plus(1, ChronoUnit.HOURS), hour, "5m"), token), 400,
                "bad_request")).contains("from must be before to");
    }

    @Test
    void refusesABucketTooSmallForTheRangeNamingTheCap(RunningServer server) throws Exception {
        // 30 days in 1-minute buckets is 43,200 points; the cap is 2,000.
        String message = assertError(get(path(machine, hour.minus(30, ChronoUnit.DAYS), hour, "1m"), token), 400,
                "bad_request");
        assertThat(message).contains("at most 2000").contains("43200");
        assertThat(get(path(machine, hour.minus(30, ChronoUnit.DAYS), hour, "1h"), token).statusCode())
                .as("720 hourly points are within the cap").isEqualTo(200);
        HttpResponse<String> metrics = server.get("/metrics", null);
        assertThat(metrics.body()).containsPattern(
                "vendhub_fanout_history_rejected_total\\{reason=\"too_many_points\"} [1-9]");
    }

    @Test
    void acceptsAnUnencodedPlusOffset() throws Exception {
        // A '+' typed into a query string arrives as a space; it still means the offset.
        String from = hour.atOffset(java.time.ZoneOffset.ofHours(5)).toString();
        String to = hour.plus(1, ChronoUnit.HOURS).atOffset(java.time.ZoneOffset.ofHours(5)).toString();
        HttpResponse<String> r = get("/api/v1/machines/" + machine + "/telemetry/history?from=" + from + "&to=" + to
                + "&bucket=PT1H", token);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("points").get(0).path("samples").asLong()).isEqualTo(6);
    }

    private static String path(UUID id, Instant from, Instant to, String bucket) {
        return "/api/v1/machines/" + id + "/telemetry/history?from=" + enc(from) + "&to=" + enc(to) + "&bucket=" + bucket;
    }

    private static String enc(Instant at) {
        return URLEncoder.encode(at.toString(), StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> get(String path, String bearer) {
        return vendhub.server().get(path, bearer);
    }

    /** Asserts the contract's error shape and returns the message. */
    private static String assertError(HttpResponse<String> r, int status, String error) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("message").asText()).isNotBlank();
        return body.path("message").asText();
    }

    private static double[] stats(JsonNode node) {
        return new double[] {node.path("min").asDouble(), node.path("avg").asDouble(), node.path("max").asDouble()};
    }
}
