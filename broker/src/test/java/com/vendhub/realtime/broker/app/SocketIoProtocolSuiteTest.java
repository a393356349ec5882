package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.FanoutServer;
import com.vendhub.realtime.fanout.auth.JwtVerifier;
import com.vendhub.realtime.fanout.testing.InMemoryMachines;
import com.vendhub.realtime.fanout.testing.StaticHealthProbe;
import com.vendhub.realtime.fanout.testing.TestTokens;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.rooms.Room;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The protocol suite (src/test/js/protocol-suite.mjs) run by Node with the official
 * socket.io-client 4.x against a real {@link FanoutServer}: websocket only, polling only, polling
 * with upgrade, acknowledgements, refusals, the seed's own usage, and connection state recovery on
 * both transports. This test plays the backend: it publishes whenever the script asks.
 */
class SocketIoProtocolSuiteTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryMachines machines = new InMemoryMachines();
    private FanoutServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FanoutServer(FanoutConfig.builder().host("127.0.0.1").port(0).build(),
                JwtVerifier.hs256(TestTokens.SECRET), machines, machines,
                new StaticHealthProbe().set("broker", true), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theOfficialClientSpeaksEveryTransportAcksAndRecovery() throws Exception {
        UUID org = UUID.randomUUID();
        UUID machineId = machines.add(org, "interop", 41.3, 69.2).id();
        ProcessBuilder pb = new ProcessBuilder("node", "protocol-suite.mjs")
                .directory(Path.of("src/test/js").toFile())
                .redirectErrorStream(true);
        pb.environment().put("VENDHUB_URL", "http://127.0.0.1:" + server.port());
        pb.environment().put("VENDHUB_TOKEN", new TestTokens().token("viewer-1", org, "viewer"));
        pb.environment().put("VENDHUB_ORG", org.toString());
        pb.environment().put("VENDHUB_MACHINE_ID", machineId.toString());
        if (System.getenv("SUITE_DEBUG") != null) {
            pb.environment().put("DEBUG", System.getenv("SUITE_DEBUG")); // e.g. engine.io-client:*
        }
        Process node = pb.start();

        Map<String, JsonNode> steps = new LinkedHashMap<>();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (!line.startsWith("{")) {
                    continue;
                }
                JsonNode message = JSON.readTree(line);
                if (message.has("cmd")) {
                    publish(message);
                    in.write("{\"done\":" + message.path("id").asInt() + "}\n");
                    in.flush();
                } else {
                    steps.put(message.path("step").asText(), message);
                }
            }
        }
        assertThat(node.waitFor(150, TimeUnit.SECONDS)).isTrue();
        assertThat(steps).as("node output: %s", output).doesNotContainKey("failed").containsKey("done");
        assertThat(node.exitValue()).isZero();

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
            server.publish(new RoomEvent(org, room, cmd.path("event").asText(), JSON.writeValueAsBytes(data)));
        }
    }
}
