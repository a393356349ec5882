package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.vendhub.realtime.broker.testing.NodeScript;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.auth.JwtVerifier;
import com.vendhub.realtime.fanout.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/protocol.md, "Token expiry and recovery", with the official socket.io-client (src/test/js/token-expiry.mjs) against a real
 * {@code vendhub serve} with its default grace: a socket whose token expires is disconnected by the
 * server on both transports, the client sees {@code "io server disconnect"} and does not reconnect by
 * itself with the expired token. Each token expired 10 s before the client starts, within the verifier's
 * 30 s clock skew, so with the default 30 s grace the server ends the socket about 20 s later.
 */
class TokenExpiryInteropTest {

    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();

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
        try (NodeScript node = NodeScript.start("token-expiry.mjs", Map.of("VENDHUB_URL", vendhub.server().httpBase(),
                "VENDHUB_TOKEN", token, "VENDHUB_TRANSPORT", transport))) {
            Map<String, JsonNode> steps = node.readSteps();
            assertThat(node.waitFor(Duration.ofSeconds(150))).isTrue();
            assertThat(steps).as("node output: %s", node.output()).doesNotContainKey("failed").containsKey("done");
            return steps;
        }
    }
}
