package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vendhub.realtime.broker.testing.NodeScript;
import com.vendhub.realtime.fanout.FanoutServer;
import com.vendhub.realtime.fanout.testing.TestFanout;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.rooms.Room;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The protocol suite (src/test/js/protocol-suite.mjs) run by Node with the official
 * socket.io-client 4.x against a real {@link FanoutServer}: websocket only, polling only, polling
 * with upgrade, acknowledgements, refusals, the seed's own usage, and connection state recovery on
 * both transports. This test plays the backend: it publishes whenever the script asks.
 */
class SocketIoProtocolSuiteTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final TestFanout fanout = TestFanout.start();

    @Test
    void theOfficialClientSpeaksEveryTransportAcksAndRecovery() throws Exception {
        UUID org = UUID.randomUUID();
        UUID machineId = fanout.machines().add(org, "interop", 41.3, 69.2).id();
        Map<String, String> environment = new HashMap<>(Map.of("VENDHUB_URL", fanout.base().toString(),
                "VENDHUB_TOKEN", fanout.token("viewer-1", org, "viewer"), "VENDHUB_ORG", org.toString(),
                "VENDHUB_MACHINE_ID", machineId.toString()));
        if (System.getenv("SUITE_DEBUG") != null) {
            environment.put("DEBUG", System.getenv("SUITE_DEBUG")); // e.g. engine.io-client:*
        }
        Map<String, JsonNode> steps;
        try (NodeScript node = NodeScript.start("protocol-suite.mjs", environment)) {
            steps = node.readSteps(message -> {
                if (message.has("cmd")) {
                    publish(message);
                    node.send("{\"done\":" + message.path("id").asInt() + "}");
                }
            });
            assertThat(node.waitFor(Duration.ofSeconds(150))).isTrue();
            assertThat(steps).as("node output: %s", node.output()).doesNotContainKey("failed").containsKey("done");
            assertThat(node.exitValue()).isZero();
        }

        for (String round : List.of("websocket-only", "polling-only", "polling-upgraded")) {
            JsonNode r = steps.get(round);
            assertThat(r.path("ack").path("ok").asBoolean()).as(round).isTrue();
            assertThat(r.path("ack").path("room").asText()).as(round).isEqualTo("machine:" + machineId);
            assertThat(r.path("unsub").path("ok").asBoolean()).as(round).isTrue();
            // 50 in order, and the one sent after unsubscribing never arrives.
            assertThat(r.path("received").asInt()).as(round).isEqualTo(50);
            assertThat(r.path("ordered").asBoolean()).as(round).isTrue();
        }
        assertThat(steps.get("websocket-only").path("transport").asText()).isEqualTo("websocket");
        assertThat(steps.get("polling-only").path("transport").asText()).isEqualTo("polling");
        assertThat(steps.get("upgrade").path("first").asText()).isEqualTo("polling");
        assertThat(steps.get("upgrade").path("after").asText()).isEqualTo("websocket");
        assertThat(steps.get("polling-upgraded").path("transport").asText()).isEqualTo("websocket");

        assertThat(steps.get("bad-token-websocket").path("message").asText()).isEqualTo("Unauthorized");
        assertThat(steps.get("bad-token-polling").path("message").asText()).isEqualTo("Unauthorized");
        assertThat(steps.get("namespace").path("message").asText()).isEqualTo("Invalid namespace");

        JsonNode seed = steps.get("seed");
        assertThat(seed.path("subscribed").path("room").asText()).isEqualTo("machine:" + machineId);
        assertThat(seed.path("unsubscribed").path("room").asText()).isEqualTo("machine:" + machineId);
        assertThat(seed.path("telemetry").path("machineId").asText()).isEqualTo(machineId.toString());

        for (String transport : List.of("websocket", "polling")) {
            JsonNode r = steps.get("recovery-" + transport);
            assertThat(r.path("recoveredAtFirst").asBoolean()).as(transport).isFalse();
            assertThat(r.path("recovered").asBoolean()).as(transport).isTrue();
            assertThat(r.path("sameId").asBoolean()).as(transport).isTrue();
            // engine.close() drops the connection under the socket: not a deliberate disconnect.
            assertThat(r.path("reason").asText()).as(transport).isEqualTo("forced close");
            // The one before, the three missed (once each, in order), the one after.
            assertThat(r.path("received")).as(transport).isEqualTo(JSON.readTree("[0,1,2,3,4]"));
        }
    }

    private void publish(JsonNode cmd) throws Exception {
        UUID org = UUID.fromString(cmd.path("org").asText());
        Room room = Room.parse(cmd.path("room").asText()).orElseThrow();
        int first = cmd.path("data").path("n").asInt();
        for (int i = 0; i < cmd.path("count").asInt(); i++) {
            ObjectNode data = ((ObjectNode) cmd.path("data")).deepCopy().put("n", first + i);
            fanout.server().publish(new RoomEvent(org, room, cmd.path("event").asText(), JSON.writeValueAsBytes(data)));
        }
    }
}
