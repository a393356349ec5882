package com.vendhub.realtime.fanout.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.testing.TestFanout;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md, "CORS", through the real HTTP server: the Engine.IO endpoint never answers
 * {@code Access-Control-Allow-Origin: *} together with {@code Access-Control-Allow-Credentials: true}
 * (browsers refuse that pair), and a configured allow-list echoes the allowed origins.
 */
class CorsTest {

    private static final String DASHBOARD = "https://dash.example.com";

    private final HttpClient http = HttpClient.newHttpClient();
    private TestFanout fanout;

    @AfterEach
    void stop() throws Exception {
        fanout.close();
    }

    private HttpResponse<String> send(String method, String path, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(fanout.base().resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            b.header("Origin", origin);
        }
        if ("OPTIONS".equals(method)) {
            b.header("Access-Control-Request-Method", "GET");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final String HANDSHAKE = "/socket.io/?EIO=4&transport=polling";

    @Test
    void byDefaultAnyOriginIsAllowedButNeverWithCredentials() throws Exception {
        fanout = TestFanout.start();
        HttpResponse<String> handshake = send("GET", HANDSHAKE, DASHBOARD);
        HttpResponse<String> preflight = send("OPTIONS", HANDSHAKE, DASHBOARD);
        HttpResponse<String> refusedHandshake = send("GET", "/socket.io/?EIO=3&transport=polling", DASHBOARD);

        for (HttpResponse<String> r : new HttpResponse[] {handshake, preflight, refusedHandshake}) {
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(r.uri().toString()).hasValue("*");
            assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).as(r.uri().toString()).isEmpty();
        }
        assertThat(handshake.body()).startsWith("0{");
        assertThat(refusedHandshake.statusCode()).isEqualTo(400);
    }

    @Test
    void anAllowListEchoesAllowedOriginsWithCredentialsOnEngineIoAndNothingForOthers() throws Exception {
        fanout = TestFanout.start(FanoutConfig.builder().corsOrigin(DASHBOARD + ", https://ops.example.com/"));

        HttpResponse<String> handshake = send("GET", HANDSHAKE, DASHBOARD);
        assertThat(handshake.headers().firstValue("Access-Control-Allow-Origin")).hasValue(DASHBOARD);
        assertThat(handshake.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(handshake.headers().allValues("Vary")).contains("origin");

        HttpResponse<String> preflight = send("OPTIONS", HANDSHAKE, "https://ops.example.com");
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://ops.example.com");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                v -> assertThat(v).contains("GET"));

        // REST uses bearer tokens, never cookies: the origin is echoed, credentials are not allowed.
        HttpResponse<String> rest = send("GET", "/health/live", DASHBOARD);
        assertThat(rest.headers().firstValue("Access-Control-Allow-Origin")).hasValue(DASHBOARD);
        assertThat(rest.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

        HttpResponse<String> other = send("GET", HANDSHAKE, "https://evil.example.com");
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(other.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void anEmptyListSendsNoCorsHeadersAsSocketIoWithCorsUnset() throws Exception {
        fanout = TestFanout.start(FanoutConfig.builder().corsOrigin(""));
        HttpResponse<String> handshake = send("GET", HANDSHAKE, DASHBOARD);
        assertThat(handshake.body()).startsWith("0{");
        assertThat(handshake.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
    }

    @Test
    void aStarMixedWithOriginsIsAConfigurationError() {
        fanout = TestFanout.start();
        assertThatThrownBy(() -> new Cors("*, https://dash.example.com")).isInstanceOf(IllegalArgumentException.class);
    }
}
