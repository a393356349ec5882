package com.vendhub.realtime.fanout.engineio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.FanoutServer;
import com.vendhub.realtime.fanout.testing.SocketIoTestClient;
import com.vendhub.realtime.fanout.testing.TestFanout;
import com.vendhub.realtime.fanout.testing.TestTokens;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.rooms.Room;
import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The polling transport on the wire ("Protocol, HTTP long-polling"), spoken with plain HTTP
 * requests: handshake, batching with {@code \x1e}, POST answers, overlapping GETs, CORS, and the
 * bound on packets waiting for a client that stops polling.
 */
class PollingTransportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID ORG = UUID.randomUUID();

    private final HttpClient http = HttpClient.newHttpClient();
    private final TestTokens tokens = new TestTokens();
    @RegisterExtension
    final TestFanout fanout = TestFanout.start(FanoutConfig.builder().pollingMaxPendingPackets(20));
    private final FanoutServer server = fanout.server();
    private final String base = fanout.base() + "/socket.io/?EIO=4&transport=polling";

    private HttpResponse<String> get(String sid) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + (sid == null ? "" : "&sid=" + sid))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String sid) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + "&sid=" + sid)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String sid, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "&sid=" + sid))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a polling session and connects the main namespace; returns the sid. */
    private String connect() throws Exception {
        HttpResponse<String> open = get(null);
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.headers().firstValue("content-type")).hasValue("text/plain; charset=UTF-8");
        // Default --cors-origins *: any origin, and never together with credentials (browsers refuse that pair).
        assertThat(open.headers().firstValue("access-control-allow-origin")).hasValue("*");
        assertThat(open.headers().firstValue("access-control-allow-credentials")).isEmpty();
        assertThat(open.body()).startsWith("0{");
        JsonNode handshake = JSON.readTree(open.body().substring(1));
        assertThat(handshake.path("upgrades").get(0).asText()).isEqualTo("websocket");
        String sid = handshake.path("sid").asText();
        HttpResponse<String> ok = post(sid, "40{\"token\":\"" + tokens.token("u1", ORG, "viewer") + "\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("ok");
        assertThat(get(sid).body()).startsWith("40{\"sid\":");
        return sid;
    }

    @Test
    void packetsWaitingForAGetGoOutTogetherSeparatedByRecordSeparators() throws Exception {
        String sid = connect();
        // Two packets in one POST, separated by \x1e, each acknowledged.
        post(sid, "421[\"subscribe\",{\"room\":\"machines:all\"}]\u001e422[\"subscribe\",{\"room\":\"org:" + ORG + "\"}]");
        String answers = get(sid).body();
        for (int i = 0; i < 3 && answers.split("\u001e").length < 4; i++) {
            answers += "\u001e" + get(sid).body();
        }
        assertThat(answers.split("\u001e")).contains("431[{\"ok\":true,\"room\":\"machines:all\"}]",
                "432[{\"ok\":true,\"room\":\"org:" + ORG + "\"}]");
        for (int i = 0; i < 3; i++) {
            server.publish(new RoomEvent(ORG, Room.MACHINES_ALL, "machine:status",
                    ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        String[] batch = get(sid).body().split("\u001e");
        assertThat(batch).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(batch[i]).startsWith("42[\"machine:status\",{\"n\":" + i + "},\"");
        }
    }

    @Test
    void aParkedGetIsAnsweredWhenAnEventArrives() throws Exception {
        String sid = connect();
        post(sid, "42[\"subscribe\",{\"room\":\"machines:all\"}]");
        assertThat(get(sid).body()).contains("subscribed");
        CompletableFuture<HttpResponse<String>> parked = getAsync(sid);
        await().until(() -> fanout.registry().find("vendhub.fanout.events.published").counter() != null);
        server.publish(new RoomEvent(ORG, Room.MACHINES_ALL, "machine:status", "{\"x\":1}".getBytes(StandardCharsets.UTF_8)));
        assertThat(parked.get().body()).startsWith("42[\"machine:status\",{\"x\":1},");
    }

    @Test
    void aPollThatParksAfterTheProbeIsReleasedSoTheClientCanFinishTheUpgrade() throws Exception {
        String sid = connect();
        java.util.concurrent.BlockingQueue<String> frames = new java.util.concurrent.LinkedBlockingQueue<>();
        java.net.http.WebSocket ws = http.newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + server.port() + "/socket.io/?EIO=4&transport=websocket&sid=" + sid),
                new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data,
                                                                          boolean last) {
                        frames.add(data.toString());
                        w.request(1);
                        return null;
                    }
                }).get();
        ws.sendText("2probe", true).get();
        assertThat(frames.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("3probe");

        // The client's next long-poll only now reaches the server: it must be released with a noop
        // (not held until the next ping 25 s later), or the client can never pause polling and upgrade.
        assertThat(get(sid).body()).isEqualTo("6");

        ws.sendText("5", true).get();
        // Upgraded: the session now speaks on the websocket.
        ws.sendText("42[\"subscribe\",{\"room\":\"machines:all\"}]", true).get();
        assertThat(frames.poll(10, java.util.concurrent.TimeUnit.SECONDS)).contains("subscribed");
        ws.abort();
    }

    @Test
    void overlappingGetsCloseTheSessionAndUnknownSidsAreRefused() throws Exception {
        String sid = connect();
        CompletableFuture<HttpResponse<String>> first = getAsync(sid);
        await().pollDelay(java.time.Duration.ofMillis(100)).until(() -> true);
        HttpResponse<String> second = get(sid);
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(first.get().body()).isEqualTo("1"); // the close packet
        HttpResponse<String> after = get(sid);
        assertThat(after.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(after.body()).path("code").asInt()).isEqualTo(1);
        assertThat(counter("vendhub.fanout.protocol.errors", "reason", "poll_overlap")).isEqualTo(1);
    }

    @Test
    void aClientThatStopsPollingIsDisconnectedAtTheBoundWhileOthersKeepReceiving() throws Exception {
        SocketIoTestClient normal = SocketIoTestClient.connect(URI.create("http://127.0.0.1:" + server.port()),
                tokens.token("fast", ORG, "viewer"));
        try {
            normal.subscribe("machines:all");
            String sid = connect();
            post(sid, "42[\"subscribe\",{\"room\":\"machines:all\"}]");
            assertThat(get(sid).body()).contains("subscribed");
            // From here on it never polls again.
            int published = 0;
            while (counter("vendhub.fanout.slow.clients.disconnected", "reason", "polling_queue_full") == 0
                    && published < 1000) {
                server.publish(new RoomEvent(ORG, Room.MACHINES_ALL, "machine:status",
                        ("{\"n\":" + published + "}").getBytes(StandardCharsets.UTF_8)));
                published++;
                normal.awaitEventCount("machine:status", published);
            }
            // The bound is 20 waiting packets: the 21st disconnects. The counter is bumped on the
            // session's own event loop, so this loop may have published one more by the time it sees it.
            assertThat(published).isBetween(21, 22);
            assertThat(get(sid).statusCode()).isEqualTo(400);
            server.publish(new RoomEvent(ORG, Room.MACHINES_ALL, "machine:status", "{\"last\":true}".getBytes(StandardCharsets.UTF_8)));
            normal.awaitEvent("machine:status", d -> d.path("last").asBoolean());
            assertThat(normal.isConnected()).isTrue();
        } finally {
            normal.close();
        }
    }

    @Test
    void malformedPollingRequestsGetDefinedAnswers() throws Exception {
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base)).POST(HttpRequest.BodyPublishers.ofString("40"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400); // POST without sid
        String sid = connect();
        post(sid, "9garbage"); // an unknown packet type closes that session only
        HttpResponse<String> after = get(sid);
        assertThat(List.of(200, 400)).contains(after.statusCode());
        await().until(() -> get(sid).statusCode() == 400);
        assertThat(counter("vendhub.fanout.protocol.errors", "reason", "unknown_packet_type")).isEqualTo(1);
        assertThat(connect()).isNotEqualTo(sid); // the server is fine
    }

    private double counter(String name, String... tags) {
        Counter c = fanout.registry().find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }
}
