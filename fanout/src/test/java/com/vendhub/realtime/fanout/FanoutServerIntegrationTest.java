package com.vendhub.realtime.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.fanout.auth.JwtVerifier;
import com.vendhub.realtime.fanout.testing.InMemoryMachines;
import com.vendhub.realtime.fanout.testing.RawWebSocketClient;
import com.vendhub.realtime.fanout.testing.SocketIoTestClient;
import com.vendhub.realtime.fanout.testing.StaticHealthProbe;
import com.vendhub.realtime.fanout.testing.TestTokens;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.machines.MachineRecord;
import com.vendhub.realtime.schema.rooms.Room;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Starts a real {@link FanoutServer} on a free port and talks real WebSockets and HTTP to it. */
class FanoutServerIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID ORG_A = UUID.randomUUID();
    private static final UUID ORG_B = UUID.randomUUID();

    private final TestTokens tokens = new TestTokens();
    private final InMemoryMachines machines = new InMemoryMachines();
    private final StaticHealthProbe health = new StaticHealthProbe().set("broker", true).set("database", true);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private PrometheusMeterRegistry registry;
    private FanoutServer server;
    private URI base;
    private MachineRecord machineA;
    private MachineRecord machineB;

    @BeforeEach
    void start() throws Exception {
        machineA = machines.add(ORG_A, "Lobby A", 41.3, 69.2);
        machineB = machines.add(ORG_B, "Lobby B", 40.1, 71.7);
        server = startServer(FanoutConfig.builder()
                .host("127.0.0.1").port(0)
                // Small outbound bounds so the slow-client test fills them quickly; the lockstep
                // normal client never gets near them.
                .writeBufferLowWaterMark(32 * 1024).writeBufferHighWaterMark(64 * 1024)
                .maxOutboundBytesPerSocket(256 * 1024).slowClientGrace(Duration.ofSeconds(1))
                .restBodyLimitBytes(1024)
                .build());
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    private FanoutServer startServer(FanoutConfig config) throws InterruptedException {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FanoutServer s = new FanoutServer(config, JwtVerifier.hs256(TestTokens.SECRET), machines, machines, health,
                registry);
        s.start();
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        server.close();
    }

    private SocketIoTestClient client(String userId, UUID org, String role) {
        SocketIoTestClient c = SocketIoTestClient.connect(base, tokens.token(userId, org, role));
        closeables.add(c);
        assertThat(c.isConnected()).as("connected; received %s", c.rawPackets()).isTrue();
        return c;
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private double counter(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    // ---- connect ------------------------------------------------------------------------------

    @Test
    void connectsWithAuthTokenAndAnnouncesEngineIoSettings() {
        SocketIoTestClient c = client("u1", ORG_A, "operator");

        assertThat(c.socketId()).isPresent();
        JsonNode open = c.handshake();
        assertThat(open.path("sid").asText()).isNotBlank();
        assertThat(open.path("upgrades").isArray()).isTrue();
        assertThat(open.path("pingInterval").asInt()).isEqualTo(25000);
        assertThat(open.path("pingTimeout").asInt()).isEqualTo(20000);
        assertThat(open.path("maxPayload").asInt()).isEqualTo(1000000);
        await().until(() -> server.connectedSockets() == 1);
        assertThat(c.rawPackets()).anyMatch(p -> p.startsWith("40{\"sid\":"));
    }

    @Test
    void connectsWithBearerHeader() {
        SocketIoTestClient c = SocketIoTestClient.builder(base)
                .bearerHeader(tokens.token("u1", ORG_A, "viewer")).connect();
        closeables.add(c);
        assertThat(c.isConnected()).isTrue();
    }

    @Test
    void badExpiredOrMissingTokenGetsConnectErrorUnauthorized() {
        for (String token : new String[] {"not-a-jwt", tokens.expired("u1", ORG_A, "admin"),
                new TestTokens("another-secret-another-secret-ab").token("u1", ORG_A, "admin"), null}) {
            SocketIoTestClient c = SocketIoTestClient.builder(base).token(token).connect();
            closeables.add(c);
            assertThat(c.isConnected()).isFalse();
            assertThat(c.connectError()).contains("Unauthorized");
            assertThat(c.rawPackets()).contains("44{\"message\":\"Unauthorized\"}");
        }
        assertThat(counter("vendhub.fanout.connect.errors", "reason", "expired")).isEqualTo(1);
        assertThat(server.connectedSockets()).isZero();
    }

    @Test
    void otherNamespaceGetsInvalidNamespace() {
        SocketIoTestClient c = SocketIoTestClient.builder(base).namespace("/admin")
                .token(tokens.token("u1", ORG_A, "admin")).connect();
        closeables.add(c);
        assertThat(c.rawPackets()).contains("44/admin,{\"message\":\"Invalid namespace\"}");
    }

    @Test
    void handshakeErrorsFollowTheEngineIoServer() throws Exception {
        HttpResponse<String> eio3 = get("/socket.io/?EIO=3&transport=websocket", null);
        assertThat(eio3.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(eio3.body())).isEqualTo(JSON.readTree("{\"code\":5,\"message\":\"Unsupported protocol version\"}"));

        HttpResponse<String> unknown = get("/socket.io/?EIO=4&transport=flashsocket", null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body())).isEqualTo(JSON.readTree("{\"code\":0,\"message\":\"Transport unknown\"}"));

        HttpResponse<String> unknownSid = get("/socket.io/?EIO=4&transport=polling&sid=nosuchsession", null);
        assertThat(unknownSid.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknownSid.body())).isEqualTo(JSON.readTree("{\"code\":1,\"message\":\"Session ID unknown\"}"));

        HttpResponse<String> noUpgrade = get("/socket.io/?EIO=4&transport=websocket", null);
        assertThat(noUpgrade.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noUpgrade.body()).path("code").asInt()).isEqualTo(3);
    }

    // ---- pings --------------------------------------------------------------------------------

    @Test
    void heartbeatKeepsAnsweringClientsAndClosesSilentOnes() throws Exception {
        server.close();
        server = startServer(FanoutConfig.builder().host("127.0.0.1").port(0)
                .pingInterval(Duration.ofMillis(100)).pingTimeout(Duration.ofMillis(300)).build());
        base = URI.create("http://127.0.0.1:" + server.port());

        SocketIoTestClient alive = client("u1", ORG_A, "viewer");
        SocketIoTestClient silent = SocketIoTestClient.builder(base).token(tokens.token("u2", ORG_A, "viewer"))
                .autoPong(false).connect();
        closeables.add(silent);

        await().until(silent::isClosed);
        await().until(() -> alive.pingsReceived() >= 3);
        assertThat(alive.isConnected()).isTrue();
        assertThat(alive.rawPackets()).contains("2");
        assertThat(counter("vendhub.fanout.disconnects", "reason", "ping_timeout")).isEqualTo(1);
    }

    @Test
    void idleHttpConnectionIsClosedButWebSocketsAreNot() throws Exception {
        server.close();
        server = startServer(FanoutConfig.builder().host("127.0.0.1").port(0)
                .httpIdleTimeout(Duration.ofMillis(200)).build());
        base = URI.create("http://127.0.0.1:" + server.port());
        SocketIoTestClient ws = client("u1", ORG_A, "viewer");
        try (java.net.Socket idle = new java.net.Socket("127.0.0.1", server.port())) {
            idle.setSoTimeout(10_000);
            // Idle means: its request answered, no next one (a silent new connection is bounded by the header deadline).
            idle.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(idle.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200");
        }
        assertThat(counter("vendhub.fanout.disconnects", "reason", "http_idle")).isEqualTo(1);
        assertThat(ws.subscribe("machines:all").path("ok").asBoolean()).isTrue();
    }

    // ---- subscribe ----------------------------------------------------------------------------

    @Test
    void subscribeToOwnMachineIsAckedAndConfirmed() {
        SocketIoTestClient c = client("u1", ORG_A, "operator");
        String room = "machine:" + machineA.id();

        JsonNode ack = c.subscribe(room);

        assertThat(ack.path("ok").asBoolean()).isTrue();
        assertThat(ack.path("room").asText()).isEqualTo(room);
        assertThat(c.awaitEvent("subscribed", d -> room.equals(d.path("room").asText()))).isNotNull();
    }

    @Test
    void subscribeWithoutAckStillEmitsSubscribed() {
        SocketIoTestClient c = client("u1", ORG_A, "operator");
        c.emit("subscribe", java.util.Map.of("room", "machines:all"));
        c.awaitEvent("subscribed", d -> "machines:all".equals(d.path("room").asText()));
    }

    @Test
    void refusedRoomsEmitExceptionAndNegativeAck() {
        SocketIoTestClient c = client("u1", ORG_A, "operator");
        for (String room : new String[] {"machine:" + machineB.id(), "machine:" + UUID.randomUUID(), "org:" + ORG_B,
                "user:someone-else", "tasks:someone-else", "bogus", "machine:../../etc"}) {
            JsonNode ack = c.subscribe(room);
            assertThat(ack.path("ok").asBoolean()).as(room).isFalse();
            assertThat(ack.path("error").asText()).as(room).isNotBlank();
        }
        JsonNode exception = c.awaitEvent("exception", d -> true);
        assertThat(exception.path("status").asText()).isEqualTo("error");
        assertThat(exception.path("message").asText()).isNotBlank();
        assertThat(counter("vendhub.fanout.rooms.refused", "reason", "forbidden")).isEqualTo(4);
        assertThat(counter("vendhub.fanout.rooms.refused", "reason", "malformed_room")).isEqualTo(2);
    }

    @Test
    void roomCapPerSocketIsEnforced() throws Exception {
        server.close();
        server = startServer(FanoutConfig.builder().host("127.0.0.1").port(0).maxRoomsPerSocket(2).build());
        base = URI.create("http://127.0.0.1:" + server.port());
        SocketIoTestClient c = client("u1", ORG_A, "operator");
        assertThat(c.subscribe("machines:all").path("ok").asBoolean()).isTrue();
        assertThat(c.subscribe("user:u1").path("ok").asBoolean()).isTrue();
        assertThat(c.subscribe("machines:all").path("ok").asBoolean()).as("re-joining is free").isTrue();
        JsonNode third = c.subscribe("org:" + ORG_A);
        assertThat(third.path("ok").asBoolean()).isFalse();
        assertThat(third.path("error").asText()).contains("limit");
        assertThat(counter("vendhub.fanout.rooms.refused", "reason", "room_limit")).isEqualTo(1);
        assertThat(c.unsubscribe("user:u1").path("ok").asBoolean()).isTrue();
        assertThat(c.subscribe("org:" + ORG_A).path("ok").asBoolean()).isTrue();
    }

    @Test
    void badSubscribePayloadIsRefused() {
        SocketIoTestClient c = client("u1", ORG_A, "operator");
        JsonNode ack = c.emitWithAck("subscribe", 42).join().get(0);
        assertThat(ack.path("ok").asBoolean()).isFalse();
        assertThat(counter("vendhub.fanout.rooms.refused", "reason", "bad_payload")).isEqualTo(1);
    }

    @Test
    void unknownEventIsIgnoredButAckedWithAnError() {
        SocketIoTestClient c = client("u1", ORG_A, "operator");
        JsonNode ack = c.emitWithAck("dance", java.util.Map.of()).join().get(0);
        assertThat(ack.path("ok").asBoolean()).isFalse();
        assertThat(c.isConnected()).isTrue();
        assertThat(counter("vendhub.fanout.client.events.unknown")).isEqualTo(1);
    }

    @Test
    void malformedPacketClosesOnlyThatSession() {
        SocketIoTestClient bad = client("u1", ORG_A, "operator");
        SocketIoTestClient good = client("u2", ORG_A, "operator");

        bad.sendRaw("42[\"subscribe\",{broken");

        await().until(bad::isClosed);
        assertThat(counter("vendhub.fanout.protocol.errors", "reason", "invalid_json")).isEqualTo(1);
        assertThat(good.subscribe("machines:all").path("ok").asBoolean()).isTrue();
    }

    /**
     * Found by SocketIoCodecFuzzTest: a number no double can hold (2E456) decoded as an infinite
     * double, a packet that does not survive re-encoding ("Infinity" comes back as a string). Now it is
     * malformed JSON, like any other: the socket is closed and the reason counted.
     */
    @Test
    void aNumberNoDoubleCanHoldIsAProtocolError() {
        SocketIoTestClient bad = client("u1", ORG_A, "operator");
        SocketIoTestClient good = client("u2", ORG_A, "operator");

        bad.sendRaw("42[2E456]");

        await().until(bad::isClosed);
        assertThat(counter("vendhub.fanout.protocol.errors", "reason", "invalid_json")).isEqualTo(1);
        assertThat(good.subscribe("machines:all").path("ok").asBoolean()).isTrue();
    }

    @Test
    void binaryPacketIsRefusedWithConnectErrorAndClose() {
        SocketIoTestClient c = client("u1", ORG_A, "operator");
        c.sendRaw("451-[\"subscribe\",{\"_placeholder\":true,\"num\":0}]");
        await().until(c::isClosed);
        assertThat(c.rawPackets()).anyMatch(p -> p.startsWith("44{\"message\":\"Binary"));
        assertThat(counter("vendhub.fanout.protocol.errors", "reason", "binary_unsupported")).isEqualTo(1);
    }

    // ---- fan-out ------------------------------------------------------------------------------

    @Test
    void eventReachesOwnOrganizationOnlyEvenForSameNamedRoom() {
        SocketIoTestClient a = client("ua", ORG_A, "viewer");
        SocketIoTestClient b = client("ub", ORG_B, "viewer");
        assertThat(a.subscribe("machines:all").path("ok").asBoolean()).isTrue();
        assertThat(b.subscribe("machines:all").path("ok").asBoolean()).isTrue();

        server.publish(new RoomEvent(ORG_A, Room.MACHINES_ALL, "machine:status",
                json("{\"machineId\":\"" + machineA.id() + "\",\"status\":\"online\"}")));
        server.publish(new RoomEvent(ORG_B, Room.MACHINES_ALL, "machine:status",
                json("{\"machineId\":\"" + machineB.id() + "\",\"status\":\"offline\"}")));

        a.awaitEvent("machine:status", d -> d.path("machineId").asText().equals(machineA.id().toString()));
        b.awaitEvent("machine:status", d -> d.path("machineId").asText().equals(machineB.id().toString()));
        // Each socket receives in publish order, so once B has B's event it would already have A's.
        assertThat(b.events("machine:status")).hasSize(1);
        assertThat(a.events("machine:status")).hasSize(1);
        // The broadcast frame carries the recovery offset as its last argument (socket.io 4.6+).
        String frame = "42[\"machine:status\",{\"machineId\":\"" + machineA.id() + "\",\"status\":\"online\"}";
        assertThat(a.rawPackets()).anySatisfy(p -> assertThat(p).matches(Pattern.quote(frame) + ",\"\\d+\"\\]"));
    }

    @Test
    void machineRoomDeliversTelemetryToSubscribers() {
        SocketIoTestClient a = client("ua", ORG_A, "viewer");
        a.subscribe("machine:" + machineA.id());
        server.publish(new RoomEvent(ORG_A, Room.machine(machineA.id()), "machine:telemetry",
                json("{\"machineId\":\"" + machineA.id() + "\",\"temperature\":4.5}")));
        JsonNode t = a.awaitEvent("machine:telemetry", d -> true);
        assertThat(t.path("temperature").asDouble()).isEqualTo(4.5);
    }

    @Test
    void anEventNobodyCanReceiveIsNotEncodedNorKeptForRecovery() {
        Room room = Room.machine(machineA.id());
        assertThat(server.hasAudience(ORG_A, room)).isFalse();
        server.publish(new RoomEvent(ORG_A, room, "machine:telemetry", json("{\"n\":1}")));
        assertThat(registry.find("vendhub.fanout.recovery.events").gauge().value()).isZero();

        SocketIoTestClient a = client("ua", ORG_A, "viewer");
        a.subscribe("machine:" + machineA.id());
        assertThat(server.hasAudience(ORG_A, room)).isTrue();
        assertThat(server.hasAudience(ORG_B, room)).as("same room name, other organization").isFalse();
        server.publish(new RoomEvent(ORG_A, room, "machine:telemetry", json("{\"n\":2}")));
        a.awaitEvent("machine:telemetry", d -> d.path("n").asInt() == 2);
        assertThat(registry.find("vendhub.fanout.recovery.events").gauge().value()).isEqualTo(1);
        assertThat(a.events("machine:telemetry")).extracting(e -> e.data().path("n").asInt()).containsExactly(2);
    }

    @Test
    void superAdminReceivesEveryOrganization() {
        SocketIoTestClient root = client("root", null, "super_admin");
        assertThat(root.subscribe("machines:all").path("ok").asBoolean()).isTrue();
        assertThat(root.subscribe("machine:" + machineB.id()).path("ok").asBoolean()).isTrue();

        server.publish(new RoomEvent(ORG_A, Room.MACHINES_ALL, "machine:status", json("{\"org\":\"a\"}")));
        server.publish(new RoomEvent(ORG_B, Room.MACHINES_ALL, "machine:status", json("{\"org\":\"b\"}")));
        server.publish(new RoomEvent(ORG_B, Room.machine(machineB.id()), "machine:error", json("{\"org\":\"b\"}")));

        root.awaitEvent("machine:status", d -> "a".equals(d.path("org").asText()));
        root.awaitEvent("machine:status", d -> "b".equals(d.path("org").asText()));
        root.awaitEvent("machine:error", d -> "b".equals(d.path("org").asText()));
    }

    @Test
    void unsubscribeStopsDelivery() {
        SocketIoTestClient a = client("ua", ORG_A, "viewer");
        a.subscribe("machines:all");
        a.subscribe("user:ua");
        server.publish(new RoomEvent(ORG_A, Room.MACHINES_ALL, "machine:status", json("{\"n\":1}")));
        a.awaitEvent("machine:status", d -> d.path("n").asInt() == 1);

        JsonNode ack = a.unsubscribe("machines:all");
        assertThat(ack.path("ok").asBoolean()).isTrue();
        a.awaitEvent("unsubscribed", d -> "machines:all".equals(d.path("room").asText()));
        server.publish(new RoomEvent(ORG_A, Room.MACHINES_ALL, "machine:status", json("{\"n\":2}")));
        server.publish(new RoomEvent(ORG_A, Room.user("ua"), "notification", json("{\"marker\":true}")));

        a.awaitEvent("notification", d -> d.path("marker").asBoolean());
        assertThat(a.events("machine:status")).extracting(e -> e.data().path("n").asInt()).containsExactly(1);
    }

    @Test
    void disconnectLeavesAllRooms() {
        SocketIoTestClient a = client("ua", ORG_A, "viewer");
        a.subscribe("machines:all");
        a.close();
        await().until(() -> server.connectedSockets() == 0);
        server.publish(new RoomEvent(ORG_A, Room.MACHINES_ALL, "machine:status", json("{}")));
        assertThat(counter("vendhub.fanout.events.without.subscribers")).isEqualTo(1);
    }

    @Test
    void slowClientIsDisconnectedWhileOthersKeepReceiving() throws Exception {
        SocketIoTestClient normal = client("fast", ORG_A, "viewer");
        normal.subscribe("machines:all");
        RawWebSocketClient slow = RawWebSocketClient.open("127.0.0.1", server.port(),
                tokens.token("slow", ORG_A, "viewer"), 4096);
        closeables.add(slow);
        slow.readUntil("\"maxPayload\"");
        slow.sendText("40");
        slow.readUntil("40{\"sid\"");
        slow.sendText("42[\"subscribe\",{\"room\":\"machines:all\"}]");
        slow.readUntil("\"subscribed\"");
        await().until(() -> server.connectedSockets() == 2);

        // From here on the raw client never reads. Publish in lockstep with the normal client, so
        // only the slow socket's outbound buffer can grow.
        byte[] big = json("{\"pad\":\"" + "x".repeat(32 * 1024) + "\"}");
        int published = 0;
        while (slowDisconnects() == 0 && published < 4000) {
            server.publish(new RoomEvent(ORG_A, Room.MACHINES_ALL, "machine:status", big));
            published++;
            normal.awaitEventCount("machine:status", published);
        }
        assertThat(slowDisconnects()).isEqualTo(1);

        await().until(() -> server.connectedSockets() == 1);
        server.publish(new RoomEvent(ORG_A, Room.MACHINES_ALL, "machine:status", json("{\"marker\":true}")));
        normal.awaitEvent("machine:status", d -> d.path("marker").asBoolean());
        assertThat(normal.events("machine:status")).hasSize(published + 1);
        assertThat(normal.isConnected()).isTrue();
        assertThat(slow.drainUntilClosed()).isTrue();
    }

    private double slowDisconnects() {
        return counter("vendhub.fanout.slow.clients.disconnected", "reason", "outbound_limit")
                + counter("vendhub.fanout.slow.clients.disconnected", "reason", "grace_expired");
    }

    // ---- REST ---------------------------------------------------------------------------------

    @Test
    void restRequiresBearerToken() throws Exception {
        HttpResponse<String> r = get("/api/v1/machines?withLocation=true", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("unauthorized");
        assertThat(JSON.readTree(r.body()).has("message")).isTrue();
    }

    @Test
    void listsOnlyOwnOrganizationsMachinesWithLocation() throws Exception {
        HttpResponse<String> r = get("/api/v1/machines?withLocation=true", tokens.token("ua", ORG_A, "viewer"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        JsonNode list = JSON.readTree(r.body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("id").asText()).isEqualTo(machineA.id().toString());
        assertThat(list.get(0).path("lat").asDouble()).isEqualTo(41.3);
        assertThat(list.get(0).path("lng").asDouble()).isEqualTo(69.2);
        assertThat(list.get(0).path("status").asText()).isEqualTo("online");
        assertThat(list.get(0).path("lastSeenAt").asText()).isEqualTo("2025-01-01T00:00:00Z");

        HttpResponse<String> all = get("/api/v1/machines?withLocation=true", tokens.token("root", null, "super_admin"));
        assertThat(JSON.readTree(all.body())).hasSize(2);
    }

    @Test
    void telemetryIsOrganizationScoped() throws Exception {
        machines.putTelemetry(machineA.id(), "{\"machineId\":\"" + machineA.id() + "\",\"temperature\":5}");
        machines.putTelemetry(machineB.id(), "{\"machineId\":\"" + machineB.id() + "\",\"temperature\":7}");
        String tokenA = tokens.token("ua", ORG_A, "viewer");

        HttpResponse<String> own = get("/api/v1/machines/" + machineA.id() + "/telemetry", tokenA);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(own.body()).path("temperature").asInt()).isEqualTo(5);

        HttpResponse<String> other = get("/api/v1/machines/" + machineB.id() + "/telemetry", tokenA);
        HttpResponse<String> unknown = get("/api/v1/machines/" + UUID.randomUUID() + "/telemetry", tokenA);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(other.body()).isEqualTo(unknown.body());
    }

    @Test
    void provisioningRequiresAdmin() throws Exception {
        HttpResponse<String> operator = post("/api/v1/machines", tokens.token("op", ORG_A, "operator"),
                "{\"name\":\"New\",\"lat\":1,\"lng\":2}");
        assertThat(operator.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(operator.body()).path("error").asText()).isEqualTo("forbidden");

        HttpResponse<String> admin = post("/api/v1/machines", tokens.token("ad", ORG_A, "admin"),
                "{\"name\":\"New\",\"lat\":1,\"lng\":2}");
        assertThat(admin.statusCode()).isEqualTo(201);
        JsonNode created = JSON.readTree(admin.body());
        assertThat(created.path("name").asText()).isEqualTo("New");
        assertThat(created.path("organizationId").asText()).isEqualTo(ORG_A.toString());
        assertThat(created.path("deviceToken").asText()).isNotBlank();
        assertThat(machines.organizationOf(UUID.fromString(created.path("id").asText()))).contains(ORG_A);

        HttpResponse<String> root = post("/api/v1/machines", tokens.token("root", null, "super_admin"),
                "{\"name\":\"Elsewhere\",\"organizationId\":\"" + ORG_B + "\"}");
        assertThat(root.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(root.body()).path("organizationId").asText()).isEqualTo(ORG_B.toString());
    }

    @Test
    void badAndOversizedBodiesAreRefused() throws Exception {
        String admin = tokens.token("ad", ORG_A, "admin");
        assertThat(post("/api/v1/machines", admin, "not json").statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/machines", admin, "{\"name\":\"x\",\"lat\":100,\"lng\":2}").statusCode())
                .isEqualTo(400);
        HttpResponse<String> big = post("/api/v1/machines", admin, "{\"name\":\"" + "x".repeat(4096) + "\"}");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(big.body()).path("error").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void unknownPathIsJson404() throws Exception {
        HttpResponse<String> r = get("/nope", null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("not_found");
    }

    // ---- health and metrics -------------------------------------------------------------------

    @Test
    void healthReflectsProbe() throws Exception {
        HttpResponse<String> live = get("/health/live", null);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(live.body()).path("status").asText()).isEqualTo("up");

        assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
        health.set("database", false);
        HttpResponse<String> ready = get("/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(ready.body());
        assertThat(body.path("status").asText()).isEqualTo("down");
        assertThat(body.path("components").path("database").asText()).isEqualTo("down");
        assertThat(body.path("components").path("broker").asText()).isEqualTo("up");
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        client("u1", ORG_A, "viewer");
        HttpResponse<String> r = get("/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body()).contains("vendhub_fanout_connected_sockets 1");
        for (String name : new String[] {"vendhub_fanout_connects_total", "vendhub_fanout_engine_sessions",
                "vendhub_fanout_rooms ", "vendhub_fanout_worker_queue_size", "vendhub_fanout_events_published_total",
                "vendhub_fanout_frames_delivered_total", "vendhub_fanout_frames_dropped_total",
                "vendhub_fanout_events_without_subscribers_total"}) {
            assertThat(r.body()).as(name).contains(name);
        }
        HttpResponse<String> again = get("/metrics", null);
        assertThat(again.body()).contains("vendhub_fanout_rest_requests_total{route=\"metrics\",status=\"200\"}");
    }

    @Test
    void corsPreflightIsAnswered() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/machines"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://dashboard.example")
                .header("Access-Control-Request-Method", "GET").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Authorization");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
