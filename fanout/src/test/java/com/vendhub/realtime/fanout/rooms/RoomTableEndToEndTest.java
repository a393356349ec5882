package com.vendhub.realtime.fanout.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.vendhub.realtime.fanout.FanoutServer;
import com.vendhub.realtime.fanout.testing.SocketIoTestClient;
import com.vendhub.realtime.fanout.testing.TestFanout;
import com.vendhub.realtime.fanout.testing.TestTokens;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.rooms.Room;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every row of the contract's room table, the allowed and the refused side, end to end through a
 * real socket: a subscribe's answer, then a broadcast into that room of the organization under test.
 * "Not delivered" is proven without waiting on time: after the broadcast under test, a sentinel
 * goes to the client's own {@code user:} room; a socket receives in publish order, so once the
 * sentinel is there, the broadcast under test would have been too.
 */
class RoomTableEndToEndTest {

    private static final UUID ORG_A = UUID.randomUUID();
    private static final UUID ORG_B = UUID.randomUUID();
    private static final TestTokens TOKENS = new TestTokens();
    private static final AtomicInteger SEQ = new AtomicInteger();
    @RegisterExtension
    static final TestFanout fanout = TestFanout.start();
    private static final FanoutServer server = fanout.server();
    private static final URI base = fanout.base();
    private static final UUID machineA = fanout.machines().add(ORG_A, "A", 1, 1).id();
    private static final UUID machineB = fanout.machines().add(ORG_B, "B", 2, 2).id();

    /** A connected client already in its own {@code user:} room (for the sentinel). */
    private record Caller(SocketIoTestClient client, String userId, UUID org) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    private static Caller caller(String role, UUID org) {
        String userId = "u" + SEQ.incrementAndGet();
        SocketIoTestClient c = SocketIoTestClient.connect(base, TOKENS.token(userId, org, role));
        assertThat(c.isConnected()).isTrue();
        assertThat(c.subscribe("user:" + userId).path("ok").asBoolean()).isTrue();
        return new Caller(c, userId, org);
    }

    /**
     * Subscribes {@code caller} to {@code room}, broadcasts a marked event into {@code room} of
     * {@code eventOrg}, and returns whether the subscribe was allowed and whether the event arrived.
     */
    private static boolean[] attempt(Caller caller, String room, UUID eventOrg) {
        JsonNode ack = caller.client().subscribe(room);
        boolean allowed = ack.path("ok").asBoolean();
        if (!allowed) {
            JsonNode exception = caller.client().awaitEvent("exception", e -> true);
            assertThat(exception.path("status").asText()).isEqualTo("error");
            assertThat(ack.path("error").asText()).isNotEmpty();
        }
        return new boolean[] {allowed, delivered(caller, room, eventOrg)};
    }

    private static boolean delivered(Caller caller, String room, UUID eventOrg) {
        String marker = "m" + SEQ.incrementAndGet();
        Optional<Room> parsed = Room.parse(room);
        if (parsed.isPresent()) {
            server.publish(new RoomEvent(eventOrg, parsed.get(), "probe", json("{\"marker\":\"" + marker + "\"}")));
        }
        String sentinel = "s" + SEQ.incrementAndGet();
        server.publish(new RoomEvent(caller.org() == null ? ORG_A : caller.org(), Room.user(caller.userId()),
                "sentinel", json("{\"marker\":\"" + sentinel + "\"}")));
        caller.client().awaitEvent("sentinel", d -> d.path("marker").asText().equals(sentinel));
        return caller.client().events("probe").stream()
                .anyMatch(e -> e.data().path("marker").asText().equals(marker));
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void expect(String role, UUID callerOrg, String room, UUID eventOrg, boolean allowed,
            boolean delivered) {
        try (Caller c = caller(role, callerOrg)) {
            boolean[] result = attempt(c, room, eventOrg);
            assertThat(result[0]).as("%s of %s subscribing %s: allowed", role, callerOrg, room).isEqualTo(allowed);
            assertThat(result[1]).as("%s of %s in %s: event of %s delivered", role, callerOrg, room, eventOrg)
                    .isEqualTo(delivered);
        }
    }

    @Test
    void machineRoomIsForTheOwningOrganizationOnly() {
        expect("viewer", ORG_A, "machine:" + machineA, ORG_A, true, true);
        expect("admin", ORG_B, "machine:" + machineA, ORG_A, false, false);
        expect("viewer", ORG_A, "machine:" + UUID.randomUUID(), ORG_A, false, false); // unknown machine
    }

    @Test
    void machinesAllIsForAnyUserButDeliversOwnOrganizationOnly() {
        for (String role : List.of("viewer", "operator", "manager", "admin", "service", "auditor")) {
            expect(role, ORG_A, "machines:all", ORG_A, true, true);
            expect(role, ORG_A, "machines:all", ORG_B, true, false);
        }
    }

    @Test
    void orgRoomIsForItsOwnUsersOnly() {
        expect("viewer", ORG_A, "org:" + ORG_A, ORG_A, true, true);
        expect("admin", ORG_B, "org:" + ORG_A, ORG_A, false, false);
    }

    @Test
    void userRoomIsForThatUserOnly() {
        try (Caller owner = caller("viewer", ORG_A); Caller other = caller("admin", ORG_A)) {
            boolean[] own = attempt(owner, "user:" + owner.userId(), ORG_A);
            assertThat(own).containsExactly(true, true);
            boolean[] foreign = attempt(other, "user:" + owner.userId(), ORG_A);
            assertThat(foreign).containsExactly(false, false);
        }
    }

    @Test
    void tasksRoomIsForTheAssigneeAndAdminsAndManagersOfTheSameOrganization() {
        try (Caller assignee = caller("operator", ORG_A)) {
            String room = "tasks:" + assignee.userId();
            assertThat(attempt(assignee, room, ORG_A)).containsExactly(true, true);
            expect("admin", ORG_A, room, ORG_A, true, true);
            expect("manager", ORG_A, room, ORG_A, true, true);
            expect("operator", ORG_A, room, ORG_A, false, false);
            expect("viewer", ORG_A, room, ORG_A, false, false);
            expect("auditor", ORG_A, room, ORG_A, false, false); // an unknown role has a plain user's rights
            // An admin of another organization may name the room but only ever sees its own organization's.
            expect("admin", ORG_B, room, ORG_A, true, false);
        }
    }

    @Test
    void superAdminMayJoinAnyRoomOfAnyOrganization() {
        for (UUID callerOrg : new UUID[] {ORG_A, null}) {
            expect("super_admin", callerOrg, "machine:" + machineB, ORG_B, true, true);
            expect("super_admin", callerOrg, "org:" + ORG_B, ORG_B, true, true);
            expect("super_admin", callerOrg, "user:someone-else", ORG_B, true, true);
            expect("super_admin", callerOrg, "tasks:someone-else", ORG_A, true, true);
            try (Caller admin = caller("super_admin", callerOrg)) {
                assertThat(attempt(admin, "machines:all", ORG_A)).containsExactly(true, true);
                assertThat(delivered(admin, "machines:all", ORG_B)).isTrue();
            }
        }
    }

    @Test
    void oddRoomNamesAreRefusedOrHarmless() {
        List<String> names = new ArrayList<>(List.of("", " ", "machine:", "machine:" + machineA,
                "machine:" + machineA.toString().toUpperCase(), "machine:../" + machineA, "machine:" + machineA + "/..",
                "../", "../../etc/passwd", "org:" + ORG_A, "org:*", "org:", "user:*", "user:", "tasks:", "tasks:*",
                "machines:*", "machines:all ", " machines:all", "MACHINES:ALL", "machines:all:" + ORG_A,
                "\u0000", "org:" + ORG_A + "\u0000", "машина:1", "😀", "user:😀", "machine:not-a-uuid",
                "x".repeat(10_000), "user:" + "x".repeat(5_000), "org:" + ORG_A + "%00", "machine:%2e%2e"));
        try (Caller outsider = caller("admin", ORG_B)) {
            for (String name : names) {
                boolean[] result = attempt(outsider, name, ORG_A);
                // Refused, or (like "user:*" for a user literally named so) joined within ORG_B only.
                assertThat(result[1]).as("room %s leaked organization A's event", name).isFalse();
            }
            // Non-string room arguments get the same refusal, and the socket stays usable.
            for (Object bad : List.of(Map.of("room", 42), Map.of("room", List.of("org:" + ORG_A)), Map.of())) {
                JsonNode ack = outsider.client().emitWithAck("subscribe", bad).join().get(0);
                assertThat(ack.path("ok").asBoolean()).isFalse();
            }
            assertThat(attempt(outsider, "org:" + ORG_B, ORG_B)).containsExactly(true, true);
        }
    }
}
