package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.fanout.testing.SocketIoTestClient;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole pipeline in one scenario: a machine publishes over MQTT to the embedded broker, the
 * reading lands in PostgreSQL, and a dashboard subscribed to the machine's room sees it live.
 */
class PipelineEndToEndTest {

    private static final TopicScheme TOPICS = TopicScheme.defaults();
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();

    @Test
    void aReadingGoesFromTheMachineToTheDatabaseAndToTheDashboard(RunningServer server) throws Exception {
        UUID org = UUID.randomUUID();
        ProvisionedMachine coffee = server.provision(org, "Coffee at the lobby");
        UUID id = coffee.machine().id();
        String token = server.userToken(org, "operator");

        // A dashboard of the machine's organization watches the machine's room...
        SocketIoTestClient dashboard = server.dashboard(token);
        assertThat(dashboard.subscribe("machine:" + id).path("ok").asBoolean()).isTrue();
        // ...and another organization's dashboard cannot, so it hears nothing.
        SocketIoTestClient stranger = server.dashboard(UUID.randomUUID(), "admin");
        assertThat(stranger.subscribe("machine:" + id).path("ok").asBoolean()).isFalse();
        assertThat(stranger.subscribe("machines:all").path("ok").asBoolean()).isTrue();

        // The machine publishes one reading at QoS 1.
        var device = server.connectDevice(coffee);
        Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusMillis(250);
        device.publishWith().topic(TOPICS.telemetry(id)).qos(MqttQos.AT_LEAST_ONCE)
                .payload(Readings.telemetry(id, ts, 7.25, 300)).send();

        JsonNode live = dashboard.awaitEvent("machine:telemetry", t -> t.path("machineId").asText().equals(id.toString()));
        assertThat(live.path("timestamp").asText()).isEqualTo(ts.toString());
        assertThat(live.path("temperature").asDouble()).isEqualTo(7.25);
        // The server's own recomputation, not the device's 50 %.
        assertThat(live.path("bunkers").get(0).path("percentage").asDouble()).isEqualTo(15.0);
        assertThat(live.path("bunkers").get(0).path("lowLevelAlert").asBoolean()).isTrue();
        dashboard.awaitEvent("machine:status", s -> s.path("status").asText().equals("online"));

        await().until(() -> server.count("SELECT count(*) FROM telemetry WHERE machine_id = '" + id
                + "' AND ts = '" + ts + "' AND temperature = 7.25") == 1);
        assertThat(server.count("SELECT count(*) FROM bunker_levels WHERE machine_id = '" + id + "'")).isEqualTo(2);

        // The REST load the seed's monitor page does first returns the same reading.
        HttpResponse<String> latest = server.get("/api/v1/machines/" + id + "/telemetry", token);
        assertThat(latest.statusCode()).isEqualTo(200);
        assertThat(latest.body()).contains("\"timestamp\":\"" + ts + "\"");

        assertThat(stranger.events("machine:telemetry")).isEmpty();
        assertThat(stranger.events("machine:status")).isEmpty();
        device.disconnect();
        dashboard.close();
        stranger.close();
    }

    @Test
    void machinesProvisionedOverRestCanConnectAtOnce(RunningServer server) throws Exception {
        UUID org = UUID.randomUUID();
        String admin = server.userToken(org, "admin");
        HttpResponse<String> created = server.post("/api/v1/machines", admin,
                "{\"name\":\"Snacks, gate 3\",\"lat\":41.31,\"lng\":69.28}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body());
        String id = body.path("id").asText();
        String deviceToken = body.path("deviceToken").asText();
        assertThat(body.path("organizationId").asText()).isEqualTo(org.toString());

        var device = server.device(id, id, deviceToken);
        device.connect();
        assertThat(device.getState().isConnected()).isTrue();
        device.disconnect();
        await().until(() -> server.count("SELECT count(*) FROM machine_status_changes WHERE machine_id = '" + id
                + "' AND status = 'offline'") == 1);
    }
}
