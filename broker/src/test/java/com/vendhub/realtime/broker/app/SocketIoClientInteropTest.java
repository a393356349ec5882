package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.ingest.machines.ProvisionedMachine;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
        ProcessBuilder pb = new ProcessBuilder("node", "seed-dashboard.mjs")
                .directory(Path.of("src/test/js").toFile())
                .redirectErrorStream(true);
        pb.environment().put("VENDHUB_URL", server.httpBase());
        pb.environment().put("VENDHUB_TOKEN", server.userToken(org, "viewer"));
        pb.environment().put("VENDHUB_MACHINE_ID", id.toString());
        Process node = pb.start();

        Map<String, JsonNode> steps = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        var device = server.connectDevice(m);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith("{")) {
                    System.out.println("node: " + line);
                    continue;
                }
                JsonNode step = json.readTree(line);
                steps.put(step.path("step").asText(), step);
                if (step.path("step").asText().equals("ready")) {
                    device.publishWith().topic(TopicScheme.defaults().telemetry(id)).qos(MqttQos.AT_LEAST_ONCE)
                            .payload(Readings.telemetry(id, Instant.now().minusMillis(100), 4.5, 1000)).send();
                    in.write("sent\n");
                    in.flush();
                }
            }
        }
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        device.disconnect();

        assertThat(steps).doesNotContainKey("failed");
        assertThat(node.exitValue()).as("node exit code; steps: %s", steps).isZero();
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
