package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.auth.JwtVerifier;
import com.vendhub.realtime.fanout.testing.TestTokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, defect 9, with the official socket.io-client (src/test/js/token-expiry.mjs) against a real
 * {@code vendhub serve} with its default grace: a socket whose token expires is disconnected by the
 * server on both transports, the client sees {@code "io server disconnect"} and does not reconnect by
 * itself with the expired token. Each token expired 10 s before the client starts, within the verifier's
 * 30 s clock skew, so with the default 30 s grace the server ends the socket about 20 s later.
 */
class TokenExpiryInteropTest {

    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theOfficialClientIsDisconnectedByTheServerWhenItsTokenExpires() throws Exception {
        assertThat(FanoutConfig.defaults().jwtExpiryGrace()).isEqualTo(JwtVerifier.DEFAULT_CLOCK_SKEW);
        for (String transport : List.of("websocket", "polling")) {
            Instant expiredAt = Instant.now().minusSeconds(10);
            String token = new TestTokens(RunningServer.JWT_SECRET).token("alice", UUID.randomUUID(), "viewer",
                    expiredAt);
            Map<String, JsonNode> steps = run(transport, token);
            JsonNode r = steps.get("expired-" + transport);
            assertThat(r.path("subscribed").asBoolean()).as(transport).isTrue();
            assertThat(r.path("reason").asText()).as(transport).isEqualTo("io server disconnect");
            assertThat(r.path("active").asBoolean()).as(transport + ": reconnecting by itself").isFalse();
        }
    }

    private static Map<String, JsonNode> run(String transport, String token) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("node", "token-expiry.mjs")
                .directory(Path.of("src/test/js").toFile()).redirectErrorStream(true);
        pb.environment().put("VENDHUB_URL", server.httpBase());
        pb.environment().put("VENDHUB_TOKEN", token);
        pb.environment().put("VENDHUB_TRANSPORT", transport);
        Process node = pb.start();
        Map<String, JsonNode> steps = new LinkedHashMap<>();
        List<String> output = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (line.startsWith("{")) {
                    JsonNode step = json.readTree(line);
                    steps.put(step.path("step").asText(), step);
                }
            }
        }
        assertThat(node.waitFor(150, TimeUnit.SECONDS)).isTrue();
        assertThat(steps).as("node output: %s", output).doesNotContainKey("failed").containsKey("done");
        return steps;
    }
}
