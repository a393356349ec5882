package com.vendhub.realtime.fanout.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.fanout.testing.SocketIoTestClient;
import com.vendhub.realtime.fanout.testing.TestFanout;
import com.vendhub.realtime.schema.metrics.SharedMetricNames;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/v1/events} through the real HTTP server, received by real Socket.IO sockets.
 * "Not delivered" is proven with a later sentinel event to the same socket (a socket receives in
 * publish order), never with a timeout.
 */
class EventsEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID ORG_A = UUID.randomUUID();
    private static final UUID ORG_B = UUID.randomUUID();

    @RegisterExtension
    final TestFanout fanout = TestFanout.start();

    private HttpResponse<String> publish(String token, String body) {
        return fanout.post(EventsEndpoint.PATH, token, body);
    }

    private static String event(String room, String event, String data, UUID org) {
        return "{\"room\":\"" + room + "\",\"event\":\"" + event + "\",\"data\":" + data
                + (org == null ? "" : ",\"organizationId\":\"" + org + "\"") + "}";
    }

    /** Publishes a sentinel into {@code room} of {@code org} as a super admin and waits for {@code client} to get it. */
    private void sentinel(SocketIoTestClient client, String room, UUID org) {
        String marker = UUID.randomUUID().toString();
        assertThat(publish(fanout.token("root", null, "super_admin"),
                event(room, "sentinel", "{\"marker\":\"" + marker + "\"}", org)).statusCode()).isEqualTo(202);
        client.awaitEvent("sentinel", d -> d.path("marker").asText().equals(marker));
    }

    @Test
    void notificationReachesExactlyThatUsersRoomInThatOrganization() throws Exception {
        SocketIoTestClient alice = fanout.client("alice", ORG_A, "viewer");
        SocketIoTestClient bob = fanout.client("bob", ORG_A, "viewer");
        SocketIoTestClient aliceInB = fanout.client("alice", ORG_B, "viewer"); // same user id, other tenant
        assertThat(alice.subscribe("user:alice").path("ok").asBoolean()).isTrue();
        assertThat(bob.subscribe("user:bob").path("ok").asBoolean()).isTrue();
        assertThat(aliceInB.subscribe("user:alice").path("ok").asBoolean()).isTrue();

        String notification = "{\"id\":\"n1\",\"title\":\"Refill\",\"message\":\"Lobby is low\",\"type\":\"info\","
                + "\"priority\":\"high\",\"read\":false,\"createdAt\":\"2025-01-01T00:00:00Z\"}";
        HttpResponse<String> r = publish(fanout.token("svc", ORG_A, "service"),
                event("user:alice", "notification", notification, ORG_A));

        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode accepted = JSON.readTree(r.body());
        assertThat(accepted.path("room").asText()).isEqualTo("user:alice");
        assertThat(accepted.path("organizationId").asText()).isEqualTo(ORG_A.toString());
        JsonNode got = alice.awaitEvent("notification", d -> true);
        assertThat(got).isEqualTo(JSON.readTree(notification));
        sentinel(bob, "user:bob", ORG_A);
        sentinel(aliceInB, "user:alice", ORG_B);
        assertThat(bob.events("notification")).isEmpty();
        assertThat(aliceInB.events("notification")).isEmpty();
        assertThat(alice.events("notification")).hasSize(1);
        assertThat(fanout.counter(SharedMetricNames.EVENTS_RECEIVED, "source", "rest")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void taskUpdateReachesTheAssigneeAndTheOrganizationsManagersOnly() {
        SocketIoTestClient assignee = fanout.client("op-7", ORG_A, "operator");
        SocketIoTestClient manager = fanout.client("mgr", ORG_A, "manager");
        SocketIoTestClient otherAdmin = fanout.client("adm-b", ORG_B, "admin");
        assertThat(assignee.subscribe("tasks:op-7").path("ok").asBoolean()).isTrue();
        assertThat(manager.subscribe("tasks:op-7").path("ok").asBoolean()).isTrue();
        assertThat(otherAdmin.subscribe("tasks:op-7").path("ok").asBoolean()).isTrue();

        // organizationId omitted: the caller's own organization.
        HttpResponse<String> r = publish(fanout.token("adm", ORG_A, "admin"),
                event("tasks:op-7", "task:updated", "{\"id\":\"t1\",\"status\":\"done\"}", null));

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(assignee.awaitEvent("task:updated", d -> true).path("status").asText()).isEqualTo("done");
        assertThat(manager.awaitEvent("task:updated", d -> true).path("id").asText()).isEqualTo("t1");
        sentinel(otherAdmin, "tasks:op-7", ORG_B);
        assertThat(otherAdmin.events("task:updated")).isEmpty();
    }

    @Test
    void anAdminCannotPublishIntoAnotherOrganization() throws Exception {
        SocketIoTestClient victim = fanout.client("alice", ORG_B, "viewer");
        assertThat(victim.subscribe("user:alice").path("ok").asBoolean()).isTrue();

        for (String role : new String[] {"admin", "service"}) {
            HttpResponse<String> r = publish(fanout.token("x", ORG_A, role),
                    event("user:alice", "notification", "{\"id\":\"forged\"}", ORG_B));
            assertThat(r.statusCode()).as(role).isEqualTo(403);
            assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("forbidden");
        }
        sentinel(victim, "user:alice", ORG_B);
        assertThat(victim.events("notification")).isEmpty();
        assertThat(fanout.counter(SharedMetricNames.EVENTS_REJECTED, "source", "rest", "reason", "other_organization"))
                .isEqualTo(2);
    }

    @Test
    void aSuperAdminPublishesIntoAnyOrganizationButMustNameIt() {
        SocketIoTestClient b = fanout.client("alice", ORG_B, "viewer");
        b.subscribe("user:alice");
        String root = fanout.token("root", null, "super_admin");

        assertThat(publish(root, event("user:alice", "notification", "{}", null)).statusCode()).isEqualTo(400);
        assertThat(publish(root, event("user:alice", "notification", "{\"id\":\"n\"}", ORG_B)).statusCode())
                .isEqualTo(202);
        assertThat(b.awaitEvent("notification", d -> true).path("id").asText()).isEqualTo("n");
    }

    @Test
    void rolesOtherThanServiceAndAdminAreForbidden() {
        for (String role : new String[] {"viewer", "operator", "manager", "unknown-role"}) {
            HttpResponse<String> r = publish(fanout.token("u", ORG_A, role),
                    event("org:" + ORG_A, "notification", "{}", ORG_A));
            assertThat(r.statusCode()).as(role).isEqualTo(403);
        }
    }

    @Test
    void badBodiesRoomsAndEventNamesAre400() throws Exception {
        String service = fanout.token("svc", ORG_A, "service");
        String[] bad = {
            "not json", "[]", "\"text\"", "",
            event("room:1", "notification", "{}", ORG_A),
            event("machine:not-a-uuid", "notification", "{}", ORG_A),
            event("user:../etc", "notification", "{}", ORG_A),
            "{\"event\":\"notification\",\"data\":{}}",
            event("user:a", "", "{}", ORG_A),
            event("user:a", "connect", "{}", ORG_A),
            event("user:a", "disconnect", "{}", ORG_A),
            event("user:a", "x".repeat(129), "{}", ORG_A),
            "{\"room\":\"user:a\",\"event\":7,\"data\":{}}",
            "{\"room\":\"user:a\",\"event\":\"n\",\"data\":{},\"organizationId\":\"nope\"}",
            "{\"room\":\"user:a\",\"event\":\"n\",\"data\":{},\"organizationId\":42}",
        };
        for (String body : bad) {
            HttpResponse<String> r = publish(service, body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            JsonNode error = JSON.readTree(r.body());
            assertThat(error.path("error").asText()).isEqualTo("bad_request");
            assertThat(error.path("message").asText()).isNotBlank();
        }
        assertThat(fanout.counter(SharedMetricNames.EVENTS_REJECTED, "source", "rest", "reason", "bad_event"))
                .isEqualTo(5);
        // Any JSON is valid data, including none at all.
        assertThat(publish(service, "{\"room\":\"user:a\",\"event\":\"ping:custom\"}").statusCode()).isEqualTo(202);
        assertThat(publish(service, event("user:a", "n", "[1,\"two\",null]", ORG_A)).statusCode()).isEqualTo(202);
    }

    @Test
    void aMissingOrBadTokenIs401() {
        assertThat(publish(null, event("user:a", "n", "{}", ORG_A)).statusCode()).isEqualTo(401);
        assertThat(publish("garbage", event("user:a", "n", "{}", ORG_A)).statusCode()).isEqualTo(401);
    }
}
