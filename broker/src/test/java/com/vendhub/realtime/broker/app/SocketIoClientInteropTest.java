package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.vendhub.realtime.broker.testing.NodeScript;
import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed's dashboard code path, run by Node with the official socket.io-client 4.x
 * (src/test/js/seed-dashboard.mjs) against a running server while this test plays the machine.
 */
class SocketIoClientInteropTest {

    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();

    @Test
    void theOfficialClientConnectsSubscribesAndReceivesLiveTelemetry(RunningServer server) throws Exception {
        UUID org = UUID.randomUUID();
        ProvisionedMachine m = server.provision(org, "interop");
        UUID id = m.machine().id();
        var device = server.connectDevice(m);
        Map<String, JsonNode> steps;
        try (NodeScript node = NodeScript.start("seed-dashboard.mjs", Map.of("VENDHUB_URL", server.httpBase(),
                "VENDHUB_TOKEN", server.userToken(org, "viewer"), "VENDHUB_MACHINE_ID", id.toString()))) {
            steps = node.readSteps(step -> {
                if (step.path("step").asText().equals("ready")) {
                    device.publishWith().topic(TopicScheme.defaults().telemetry(id)).qos(MqttQos.AT_LEAST_ONCE)
                            .payload(Readings.telemetry(id, Instant.now().minusMillis(100), 4.5, 1000)).send();
                    node.send("sent");
                }
            });
            assertThat(node.waitFor(Duration.ofSeconds(60))).isTrue();
            device.disconnect();

            assertThat(steps).as("node output: %s", node.output()).doesNotContainKey("failed");
            assertThat(node.exitValue()).as("node exit code; steps: %s", steps).isZero();
        }
        assertThat(steps.get("bad-token").path("message").asText()).isEqualTo("Unauthorized");
        assertThat(steps.get("connected").path("transport").asText()).isEqualTo("websocket");
        assertThat(steps.get("subscribed").path("room").asText()).isEqualTo("machine:" + id);
        assertThat(steps.get("subscribe-ack").path("ok").asBoolean()).isTrue();
        assertThat(steps.get("refused-ack").path("ok").asBoolean()).isFalse();
        assertThat(steps.get("exception").path("status").asText()).isEqualTo("error");
        JsonNode t = steps.get("telemetry");
        assertThat(t.path("machineId").asText()).isEqualTo(id.toString());
        assertThat(t.path("temperature").asDouble()).isEqualTo(4.5);
        assertThat(t.path("percentage").asDouble()).isEqualTo(50.0);
        assertThat(steps.get("unsubscribed").path("room").asText()).isEqualTo("machine:" + id);
        assertThat(steps).containsKey("done");
    }
}
