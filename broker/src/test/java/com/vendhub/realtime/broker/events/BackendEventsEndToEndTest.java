package com.vendhub.realtime.broker.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.fanout.testing.SocketIoTestClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The VendHub backend's events through a real {@code vendhub serve}: a service client publishing on
 * the embedded broker's {@code vendhub/events/{room}}, and {@code POST /api/v1/events}; received by
 * Socket.IO sockets. Each reaches exactly the room's subscribers of the event's organization.
 * "Not delivered" is proven with a later sentinel on the same path (one publisher's events keep their
 * order through the broker's single interceptor thread and each socket's queue), never a timeout.
 */
class BackendEventsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();
    private static Mqtt3BlockingClient backend;

    private final UUID orgA = UUID.randomUUID();
    private final UUID orgB = UUID.randomUUID();
    private final List<SocketIoTestClient> clients = new ArrayList<>();

    @BeforeAll
    static void connectBackend(RunningServer server) {
        backend = server.connectService("backend-1");
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SocketIoTestClient::close);
    }

    private SocketIoTestClient subscriber(String userId, UUID org, String role, String room) {
        SocketIoTestClient c = vendhub.server().dashboard(vendhub.server().token(userId, org, role));
        clients.add(c);
        assertThat(c.isConnected()).isTrue();
        assertThat(c.subscribe(room).path("ok").asBoolean()).as(room).isTrue();
        return c;
    }

    private static String envelope(String event, String data, UUID org) {
        return "{\"event\":\"" + event + "\",\"data\":" + data + ",\"organizationId\":\"" + org + "\"}";
    }

    private static void mqtt(String room, String payload) {
        backend.publishWith().topic("vendhub/events/" + room).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    private static void mqttSentinel(SocketIoTestClient to, String room, UUID org) {
        String marker = UUID.randomUUID().toString();
        mqtt(room, envelope("sentinel", "{\"marker\":\"" + marker + "\"}", org));
        to.awaitEvent("sentinel", d -> d.path("marker").asText().equals(marker));
    }

    private static HttpResponse<String> rest(String token, String body) {
        return vendhub.server().post("/api/v1/events", token, body);
    }

    private static double metric(String name, String... tags) {
        var counter = vendhub.server().server().metrics().find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void mqttNotificationReachesOnlyThatUserOfThatOrganization(RunningServer server) throws Exception {
        SocketIoTestClient alice = subscriber("alice", orgA, "viewer", "user:alice");
        SocketIoTestClient bob = subscriber("bob", orgA, "viewer", "user:bob");
        SocketIoTestClient aliceInB = subscriber("alice", orgB, "viewer", "user:alice");
        String notification = "{\"id\":\"n-1\",\"title\":\"Refill\",\"message\":\"Lobby coffee at 12 %\","
                + "\"type\":\"inventory\",\"priority\":\"high\",\"read\":false,\"createdAt\":\"2025-01-01T08:00:00Z\"}";

        mqtt("user:alice", envelope("notification", notification, orgA));

        assertThat(alice.awaitEvent("notification", d -> true)).isEqualTo(JSON.readTree(notification));
        mqttSentinel(bob, "user:bob", orgA);
        mqttSentinel(aliceInB, "user:alice", orgB);
        assertThat(bob.events("notification")).isEmpty();
        assertThat(aliceInB.events("notification")).isEmpty();
        assertThat(alice.events("notification")).hasSize(1);
        // Nothing of it went to ingest (which would dead-letter it as "not a machine topic").
        assertThat(server.count("SELECT count(*) FROM dead_letters")).isZero();
        assertThat(metric("vendhub.events.received", "source", "mqtt")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void mqttTaskUpdateReachesTheAssigneeAndManagersOfThatOrganizationOnly() {
        SocketIoTestClient assignee = subscriber("op-7", orgA, "operator", "tasks:op-7");
        SocketIoTestClient manager = subscriber("mgr", orgA, "manager", "tasks:op-7");
        SocketIoTestClient otherAdmin = subscriber("adm", orgB, "admin", "tasks:op-7");

        mqtt("tasks:op-7", envelope("task:updated", "{\"id\":\"t-1\",\"status\":\"in_progress\"}", orgA));

        assertThat(assignee.awaitEvent("task:updated", d -> true).path("status").asText()).isEqualTo("in_progress");
        assertThat(manager.awaitEvent("task:updated", d -> true).path("id").asText()).isEqualTo("t-1");
        mqttSentinel(otherAdmin, "tasks:op-7", orgB);
        assertThat(otherAdmin.events("task:updated")).isEmpty();
    }

    @Test
    void aServicePublishingForAnotherOrganizationReachesThatOrganizationOnly() {
        // Service accounts are not tied to an organization: the envelope's organizationId decides.
        SocketIoTestClient inA = subscriber("alice", orgA, "viewer", "user:alice");
        SocketIoTestClient inB = subscriber("alice", orgB, "viewer", "user:alice");

        mqtt("user:alice", envelope("notification", "{\"id\":\"for-b\"}", orgB));

        assertThat(inB.awaitEvent("notification", d -> true).path("id").asText()).isEqualTo("for-b");
        mqttSentinel(inA, "user:alice", orgA);
        assertThat(inA.events("notification")).isEmpty();
    }

    @Test
    void invalidMqttEventsAreCountedByReasonAndReachNobody(RunningServer server) {
        SocketIoTestClient alice = subscriber("alice", orgA, "viewer", "user:alice");
        double badJson = metric("vendhub.events.rejected", "source", "mqtt", "reason", "not_json");
        double badRoom = metric("vendhub.events.rejected", "source", "mqtt", "reason", "bad_room");
        double badEvent = metric("vendhub.events.rejected", "source", "mqtt", "reason", "bad_event");
        double badOrg = metric("vendhub.events.rejected", "source", "mqtt", "reason", "bad_organization");

        mqtt("user:alice", "{not json");
        mqtt("room:alice", envelope("notification", "{}", orgA));
        mqtt("user:alice", envelope("connect", "{}", orgA));
        mqtt("user:alice", envelope("", "{}", orgA));
        mqtt("user:alice", "{\"event\":\"notification\",\"data\":{}}");

        mqttSentinel(alice, "user:alice", orgA); // the service is still connected, and its next event arrives
        assertThat(alice.events()).extracting(SocketIoTestClient.ReceivedEvent::name)
                .doesNotContain("notification", "connect");
        assertThat(metric("vendhub.events.rejected", "source", "mqtt", "reason", "not_json")).isEqualTo(badJson + 1);
        assertThat(metric("vendhub.events.rejected", "source", "mqtt", "reason", "bad_room")).isEqualTo(badRoom + 1);
        assertThat(metric("vendhub.events.rejected", "source", "mqtt", "reason", "bad_event")).isEqualTo(badEvent + 2);
        assertThat(metric("vendhub.events.rejected", "source", "mqtt", "reason", "bad_organization"))
                .isEqualTo(badOrg + 1);
        assertThat(server.count("SELECT count(*) FROM dead_letters")).isZero();
    }

    @Test
    void restEventsReachTheRoomOfTheCallersOrganizationAndNoOtherOrganization(RunningServer server) throws Exception {
        SocketIoTestClient inA = subscriber("op-7", orgA, "operator", "tasks:op-7");
        SocketIoTestClient inB = subscriber("op-7", orgB, "operator", "tasks:op-7");
        String adminA = server.token("adm", orgA, "admin");

        HttpResponse<String> forged = rest(adminA, "{\"room\":\"tasks:op-7\",\"event\":\"task:updated\","
                + "\"data\":{\"id\":\"forged\"},\"organizationId\":\"" + orgB + "\"}");
        HttpResponse<String> viewer = rest(server.token("v", orgA, "viewer"),
                "{\"room\":\"tasks:op-7\",\"event\":\"task:updated\",\"data\":{\"id\":\"viewer\"}}");
        HttpResponse<String> own = rest(server.token("svc", orgA, "service"),
                "{\"room\":\"tasks:op-7\",\"event\":\"task:updated\",\"data\":{\"id\":\"t-2\"},\"organizationId\":\""
                        + orgA + "\"}");

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(own.statusCode()).isEqualTo(202);
        JsonNode got = inA.awaitEvent("task:updated", d -> true);
        assertThat(got.path("id").asText()).isEqualTo("t-2");
        mqttSentinel(inB, "tasks:op-7", orgB);
        assertThat(inB.events("task:updated")).isEmpty();
        assertThat(inA.events("task:updated")).hasSize(1);
    }
}
