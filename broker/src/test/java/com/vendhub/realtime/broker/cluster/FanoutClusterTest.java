package com.vendhub.realtime.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.vendhub.realtime.broker.app.JwtSettings;
import com.vendhub.realtime.broker.db.DatabasePool;
import com.vendhub.realtime.broker.db.DatabaseSettings;
import com.vendhub.realtime.broker.db.EmbeddedDatabase;
import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.testing.SocketIoTestClient;
import com.vendhub.realtime.fanout.testing.TestTokens;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.events.RoomEventWire;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.migration.DatabaseMigrations;
import com.vendhub.realtime.schema.rooms.Room;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two {@code vendhub fanout} nodes on one real external broker (each {@link BrokerKind}) and one
 * PostgreSQL: clients on each node get every event of their rooms exactly once, and never another
 * organization's, also across a restart of a node.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(BrokerKind.class)
class FanoutClusterTest {

    private static final String SECRET = TestTokens.SECRET;
    private static final UUID ORG_A = UUID.randomUUID();
    private static final UUID ORG_B = UUID.randomUUID();
    private static final UUID MACHINE_A = UUID.randomUUID();
    private static final UUID MACHINE_B = UUID.randomUUID();

    private static ExternalBroker broker;

    /** This invocation's kind of broker (declared, so that {@link #start} may receive it). */
    @Parameter
    BrokerKind kind;
    private static EmbeddedDatabase database;
    private static HikariDataSource pool;
    private static final List<FanoutNode> nodes = new ArrayList<>();

    @BeforeParameterizedClassInvocation
    static void start(BrokerKind kind) throws Exception {
        broker = kind.start();
        database = EmbeddedDatabase.start(Files.createTempDirectory("vendhub-cluster-"), 0);
        pool = DatabasePool.create(database.jdbcUrl(), "postgres", null, 2, Duration.ofSeconds(5));
        DatabaseMigrations.migrate(pool);
        try (Connection c = pool.getConnection(); PreparedStatement st = c.prepareStatement(
                "INSERT INTO machines (id, organization_id, name, token_hash) VALUES (?, ?, ?, ?)")) {
            for (UUID[] m : new UUID[][] {{MACHINE_A, ORG_A}, {MACHINE_B, ORG_B}}) {
                st.setObject(1, m[0]);
                st.setObject(2, m[1]);
                st.setString(3, "m-" + m[0]);
                st.setBytes(4, new byte[32]);
                st.executeUpdate();
            }
        }
        for (int i = 0; i < 2; i++) {
            nodes.add(startNode(0));
        }
    }

    /** A fan-out node on {@code httpPort} (0: a free one), with the broker's service credentials. */
    private static FanoutNode startNode(int httpPort) throws Exception {
        return FanoutNode.start(FanoutNodeSettings.defaults(broker.connection(),
                        DatabaseSettings.external(database.jdbcUrl()).withCredentials("postgres", null).withPoolSize(2),
                        JwtSettings.secret(SECRET))
                .withHttp(FanoutConfig.builder().host("127.0.0.1").port(httpPort).build()));
    }

    @AfterParameterizedClassInvocation
    static void stop() throws Exception {
        nodes.forEach(FanoutNode::close);
        nodes.clear();
        pool.close();
        database.close();
        broker.close();
    }

    private static SocketIoTestClient client(int node, String user, UUID org, String role, String... rooms) {
        SocketIoTestClient c = SocketIoTestClient.connect(URI.create("http://127.0.0.1:" + nodes.get(node).httpPort()),
                new TestTokens().token(user, org, role));
        for (String room : rooms) {
            assertThat(c.subscribe(room).path("ok").asBoolean()).as(room).isTrue();
        }
        return c;
    }

    @Test
    void everyClientOnEveryNodeGetsEveryEventOfItsRoomsOnce() throws Exception {
        RoomEventWire wire = new RoomEventWire(TopicScheme.defaults(), WireJson.newObjectMapper(), 64 * 1024);
        List<SocketIoTestClient> clients = List.of(
                client(0, "a0", ORG_A, "viewer", "machine:" + MACHINE_A, "machines:all"),
                client(1, "a1", ORG_A, "viewer", "machine:" + MACHINE_A, "machines:all"),
                client(0, "b0", ORG_B, "viewer", "machines:all"),
                client(1, "b1", ORG_B, "viewer", "machine:" + MACHINE_B, "machines:all"),
                client(1, "root", null, "super_admin", "machines:all"));
        Mqtt5BlockingClient backend = broker.client("backend-" + UUID.randomUUID()).buildBlocking();
        backend.connect();
        try {
            int n = 20;
            for (int i = 0; i < n; i++) {
                send(backend, wire, new RoomEvent(ORG_A, Room.machine(MACHINE_A), "machine:telemetry", json(i)));
                send(backend, wire, new RoomEvent(ORG_A, Room.MACHINES_ALL, "machine:status", json(i)));
                send(backend, wire, new RoomEvent(ORG_B, Room.MACHINES_ALL, "machine:status", json(100 + i)));
            }
            // A malformed message is refused and counted; the stream goes on.
            backend.publishWith().topic("vendhub/events/machines:all").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("not json".getBytes(StandardCharsets.UTF_8)).send();
            send(backend, wire, new RoomEvent(ORG_A, Room.MACHINES_ALL, "final", json(-1)));
            send(backend, wire, new RoomEvent(ORG_B, Room.MACHINES_ALL, "final", json(-1)));
            for (SocketIoTestClient c : clients) {
                c.awaitEvent("final", d -> true);
            }
            // QoS 1 from one publisher arrives in order, so after "final" everything before it is in.
            for (int i : new int[] {0, 1}) {
                SocketIoTestClient a = clients.get(i);
                assertThat(a.events("machine:telemetry")).hasSize(n);
                assertThat(a.events("machine:status")).hasSize(n)
                        .allSatisfy(e -> assertThat(e.data().path("n").asInt()).isLessThan(100));
            }
            for (int i : new int[] {2, 3}) {
                SocketIoTestClient b = clients.get(i);
                assertThat(b.events("machine:telemetry")).isEmpty();
                assertThat(b.events("machine:status")).hasSize(n)
                        .allSatisfy(e -> assertThat(e.data().path("n").asInt()).isGreaterThanOrEqualTo(100));
            }
            SocketIoTestClient root = clients.get(4);
            root.awaitEventCount("final", 2);
            assertThat(root.events("machine:status")).hasSize(2 * n);
            assertThat(nodes.get(0).metrics().find("vendhub.cluster.events.rejected").tag("reason", "not_json")
                    .counter().count()).isEqualTo(1);
        } finally {
            backend.disconnect();
            clients.forEach(SocketIoTestClient::close);
        }
    }

    @Test
    void aRestEventOnOneNodeReachesTheRoomOnEveryNodeOnceAndNoOtherOrganization() throws Exception {
        List<SocketIoTestClient> clients = List.of(
                client(0, "alice", ORG_A, "viewer", "user:alice"),
                client(1, "alice", ORG_A, "viewer", "user:alice"),
                client(1, "alice", ORG_B, "viewer", "user:alice"));
        HttpClient http = HttpClient.newHttpClient();
        try {
            for (String[] call : new String[][] {
                {new TestTokens().token("svc", ORG_A, "service"), "{\"id\":\"n-1\"}", "202"},
                {new TestTokens().token("adm", ORG_A, "admin"), "{\"id\":\"forged\"}", "403"},
            }) {
                String org = call[2].equals("202") ? ORG_A.toString() : ORG_B.toString();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + nodes.get(0).httpPort() + "/api/v1/events"))
                        .header("Authorization", "Bearer " + call[0])
                        .POST(HttpRequest.BodyPublishers.ofString("{\"room\":\"user:alice\",\"event\":\"notification\","
                                + "\"data\":" + call[1] + ",\"organizationId\":\"" + org + "\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(Integer.parseInt(call[2]));
            }
            // Node 0 publishes on its own MQTT connection: wait until the stream delivered it on both nodes,
            // then a later sentinel on the same broker proves nothing else arrives (nor a second copy).
            clients.get(0).awaitEvent("notification", d -> true);
            clients.get(1).awaitEvent("notification", d -> true);
            RoomEventWire wire = new RoomEventWire(TopicScheme.defaults(), WireJson.newObjectMapper(), 64 * 1024);
            Mqtt5BlockingClient backend = broker.client("backend-" + UUID.randomUUID()).buildBlocking();
            backend.connect();
            try {
                for (UUID org : new UUID[] {ORG_A, ORG_B}) {
                    send(backend, wire, new RoomEvent(org, Room.user("alice"), "final", json(-1)));
                }
            } finally {
                backend.disconnect();
            }
            for (SocketIoTestClient c : clients) {
                c.awaitEvent("final", d -> true);
            }
            assertThat(clients.get(0).events("notification")).hasSize(1);
            assertThat(clients.get(1).events("notification")).hasSize(1);
            assertThat(clients.get(1).events("notification").get(0).data().path("id").asText()).isEqualTo("n-1");
            assertThat(clients.get(2).events("notification")).isEmpty();
        } finally {
            clients.forEach(SocketIoTestClient::close);
        }
    }

    @Test
    void aRestartedNodeServesWhatFollowsItsReturnOnceAndTheOtherNodeMissesNothing() throws Exception {
        RoomEventWire wire = new RoomEventWire(TopicScheme.defaults(), WireJson.newObjectMapper(), 64 * 1024);
        SocketIoTestClient a0 = client(0, "a0", ORG_A, "viewer", "machine:" + MACHINE_A, "machines:all");
        SocketIoTestClient b0 = client(0, "b0", ORG_B, "viewer", "machines:all");
        SocketIoTestClient aGone = client(1, "a1", ORG_A, "viewer", "machine:" + MACHINE_A, "machines:all");
        List<SocketIoTestClient> clients = new ArrayList<>(List.of(a0, b0, aGone));
        Mqtt5BlockingClient backend = broker.client("backend-" + UUID.randomUUID()).buildBlocking();
        backend.connect();
        try {
            // Phase 0 before the restart, 1 while node 1 is down, 2 once it is back.
            publishPhase(backend, wire, 0);
            for (SocketIoTestClient c : clients) {
                c.awaitEvent("phase", d -> d.path("n").asInt() == 0);
            }
            int port = nodes.get(1).httpPort();
            nodes.get(1).close();
            aGone.closeFuture().get(30, TimeUnit.SECONDS);

            publishPhase(backend, wire, 1);
            a0.awaitEvent("phase", d -> d.path("n").asInt() == 1);
            b0.awaitEvent("phase", d -> d.path("n").asInt() == 1);

            nodes.set(1, startNode(port));
            SocketIoTestClient aBack = client(1, "a1", ORG_A, "viewer", "machine:" + MACHINE_A, "machines:all");
            SocketIoTestClient bBack = client(1, "b1", ORG_B, "viewer", "machines:all");
            clients.addAll(List.of(aBack, bBack));
            publishPhase(backend, wire, 2);
            for (SocketIoTestClient c : List.of(a0, b0, aBack, bBack)) {
                c.awaitEvent("phase", d -> d.path("n").asInt() == 2);
            }

            // QoS 1 from one publisher arrives in order: after a phase's marker, all of that phase is in.
            assertPhases(a0, ORG_A, 0, 1, 2);
            assertPhases(b0, ORG_B, 0, 1, 2);
            assertPhases(aGone, ORG_A, 0);
            // The restarted node's stream starts when it does (a clean session): nothing of phase 1 is replayed.
            assertPhases(aBack, ORG_A, 2);
            assertPhases(bBack, ORG_B, 2);
        } finally {
            backend.disconnect();
            clients.forEach(SocketIoTestClient::close);
        }
    }

    private static final int PHASE_EVENTS = 10;

    /** {@value #PHASE_EVENTS} telemetry and status events of A and statuses of B, then a "phase" marker for each. */
    private static void publishPhase(Mqtt5BlockingClient backend, RoomEventWire wire, int phase) {
        for (int i = 0; i < PHASE_EVENTS; i++) {
            send(backend, wire, new RoomEvent(ORG_A, Room.machine(MACHINE_A), "machine:telemetry",
                    json(value(ORG_A, phase, i))));
            send(backend, wire, new RoomEvent(ORG_A, Room.MACHINES_ALL, "machine:status", json(value(ORG_A, phase, i))));
            send(backend, wire, new RoomEvent(ORG_B, Room.MACHINES_ALL, "machine:status", json(value(ORG_B, phase, i))));
        }
        for (UUID org : new UUID[] {ORG_A, ORG_B}) {
            send(backend, wire, new RoomEvent(org, Room.MACHINES_ALL, "phase", json(phase)));
        }
    }

    private static int value(UUID org, int phase, int i) {
        return (org.equals(ORG_A) ? 0 : 1_000) + phase * 100 + i;
    }

    /** The client got each event of its organization of exactly these phases once, and nothing else. */
    private static void assertPhases(SocketIoTestClient c, UUID org, int... phases) {
        List<Integer> expected = new ArrayList<>();
        for (int phase : phases) {
            for (int i = 0; i < PHASE_EVENTS; i++) {
                expected.add(value(org, phase, i));
            }
        }
        assertThat(values(c, "machine:status")).isEqualTo(expected);
        assertThat(values(c, "machine:telemetry")).isEqualTo(org.equals(ORG_A) ? expected : List.of());
    }

    private static List<Integer> values(SocketIoTestClient c, String event) {
        return c.events(event).stream().map(e -> e.data().path("n").asInt()).sorted().toList();
    }

    private static void send(Mqtt5BlockingClient client, RoomEventWire wire, RoomEvent event) {
        client.publishWith().topic(wire.topic(event)).qos(MqttQos.AT_LEAST_ONCE).payload(wire.encode(event)).send();
    }

    private static byte[] json(int n) {
        return ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
    }
}
