package com.vendhub.realtime.fanout.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.testing.SocketIoTestClient;
import com.vendhub.realtime.fanout.testing.TestFanout;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.rooms.Room;
import io.micrometer.core.instrument.Gauge;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md, "Token expiry and recovery", through the real server: a recovered session keeps only the rooms its NEW
 * token may see, and a socket does not outlive its token. "Did not receive" is proven with a later
 * sentinel to the same socket (a socket receives in publish order), never with a timeout.
 */
class SessionAuthorizationTest {

    private static final UUID ORG_A = UUID.randomUUID();
    private static final UUID ORG_B = UUID.randomUUID();

    private TestFanout fanout = TestFanout.start();

    @AfterEach
    void stop() throws Exception {
        fanout.close();
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private double recoverySessions() {
        Gauge g = fanout.registry().find("vendhub.fanout.recovery.sessions").gauge();
        return g == null ? 0 : g.value();
    }

    /** Connects, joins {@code rooms}, drops the connection and waits until the server kept it for recovery. */
    private String droppedSession(String userId, UUID org, String role, String... rooms) {
        SocketIoTestClient before = fanout.client(userId, org, role);
        for (String room : rooms) {
            assertThat(before.subscribe(room).path("ok").asBoolean()).as(room).isTrue();
        }
        String pid = before.pid().orElseThrow();
        double kept = recoverySessions();
        before.drop();
        await().atMost(30, TimeUnit.SECONDS).until(() -> recoverySessions() > kept);
        return before.socketId().orElseThrow() + "|" + pid;
    }

    private SocketIoTestClient recover(String session, String token) {
        String[] parts = session.split("\\|");
        SocketIoTestClient after = SocketIoTestClient.builder(fanout.base()).token(token).recover(parts[1]).connect();
        assertThat(after.isConnected()).isTrue();
        assertThat(after.socketId()).as("the session was recovered").contains(parts[0]);
        return after;
    }

    @Test
    void aSuperAdminRecoveredWithAViewerTokenLosesTheRoomsOnlyTheOldRoleCouldSee() {
        UUID machineOfB = fanout.machines().add(ORG_B, "lobby", 41.3, 69.2).id();
        String session = droppedSession("boss", ORG_A, "super_admin",
                "machine:" + machineOfB, "tasks:op-7", "user:boss");

        try (SocketIoTestClient after = recover(session, fanout.token("boss", ORG_A, "viewer"))) {
            fanout.server().publish(new RoomEvent(ORG_B, Room.machine(machineOfB), "machine:telemetry",
                    json("{\"machineId\":\"" + machineOfB + "\"}")));
            fanout.server().publish(new RoomEvent(ORG_A, Room.tasks("op-7"), "task:updated", json("{\"id\":\"t1\"}")));
            fanout.server().publish(new RoomEvent(ORG_A, Room.user("boss"), "sentinel", json("{}")));

            after.awaitEvent("sentinel", d -> true);
            assertThat(after.events()).extracting(SocketIoTestClient.ReceivedEvent::name)
                    .doesNotContain("machine:telemetry", "task:updated");
            assertThat(after.events("unsubscribed")).extracting(e -> e.data().path("room").asText())
                    .containsExactlyInAnyOrder("machine:" + machineOfB, "tasks:op-7");
        }
        assertThat(fanout.counter("vendhub.fanout.rooms.refused", "reason", "revoked_on_recovery")).isEqualTo(2);
    }

    @Test
    void anAdminRecoveredAsOperatorKeepsItsMachineRoomButLosesAnotherUsersTasks() {
        UUID machineOfA = fanout.machines().add(ORG_A, "hall", 41.3, 69.2).id();
        String session = droppedSession("adm", ORG_A, "admin", "machine:" + machineOfA, "tasks:op-7");
        // Missed while disconnected: the machine event comes back with the session, the task event must not.
        fanout.server().publish(new RoomEvent(ORG_A, Room.machine(machineOfA), "machine:status",
                json("{\"n\":1}")));
        fanout.server().publish(new RoomEvent(ORG_A, Room.tasks("op-7"), "task:updated", json("{\"id\":\"t0\"}")));

        try (SocketIoTestClient after = recover(session, fanout.token("adm", ORG_A, "operator"))) {
            after.awaitEvent("machine:status", d -> d.path("n").asInt() == 1);
            fanout.server().publish(new RoomEvent(ORG_A, Room.tasks("op-7"), "task:updated", json("{\"id\":\"t1\"}")));
            fanout.server().publish(new RoomEvent(ORG_A, Room.machine(machineOfA), "machine:status",
                    json("{\"n\":2}")));
            after.awaitEvent("machine:status", d -> d.path("n").asInt() == 2);
            assertThat(after.events("task:updated")).isEmpty();
            assertThat(after.events("unsubscribed")).extracting(e -> e.data().path("room").asText())
                    .containsExactly("tasks:op-7");
        }
    }

    @Test
    void aSocketIsDisconnectedWhenItsTokenExpiresPlusTheGrace() throws Exception {
        fanout.close();
        fanout = TestFanout.start(FanoutConfig.builder().jwtExpiryGrace(Duration.ofSeconds(1)));
        SocketIoTestClient longLived = fanout.client("bob", ORG_A, "viewer");
        SocketIoTestClient expiring = SocketIoTestClient.builder(fanout.base())
                .token(fanout.tokens().token("alice", ORG_A, "viewer", Instant.now().plusSeconds(2))).connect();
        assertThat(expiring.isConnected()).isTrue();
        assertThat(expiring.subscribe("machines:all").path("ok").asBoolean()).isTrue();

        // The server ends it with a Socket.IO DISCONNECT (socket.io-client: "io server disconnect", no reconnect).
        await().atMost(60, TimeUnit.SECONDS).until(() -> expiring.rawPackets().contains("41"));
        assertThat(fanout.counter("vendhub.fanout.token.expired.disconnects")).isEqualTo(1);
        // Its rooms are gone and nothing of it is kept for recovery; the socket with a valid token is untouched.
        assertThat(recoverySessions()).isZero();
        assertThat(longLived.subscribe("machines:all").path("ok").asBoolean()).isTrue();
        assertThat(fanout.server().connectedSockets()).isEqualTo(1);
        fanout.server().publish(new RoomEvent(ORG_A, Room.MACHINES_ALL, "machine:status", json("{\"n\":1}")));
        longLived.awaitEvent("machine:status", d -> true);
        assertThat(expiring.events("machine:status")).isEmpty();
        expiring.close();
    }
}
