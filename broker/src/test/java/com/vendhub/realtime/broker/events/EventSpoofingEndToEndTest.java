package com.vendhub.realtime.broker.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.fanout.testing.SocketIoTestClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/security.md, "Backend events", through a real {@code vendhub serve}: forged machine events, over REST and over
 * the MQTT service path {@code vendhub/events/{room}}, are refused and counted, and a super admin
 * watching the target rooms hears nothing of them (proven with a sentinel that follows them on the
 * same path, never with a timeout).
 */
class EventSpoofingEndToEndTest {

    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();
    private static Mqtt3BlockingClient backend;

    private final UUID orgA = UUID.randomUUID();
    private final UUID orgB = UUID.randomUUID();
    private SocketIoTestClient root;

    @BeforeAll
    static void connectBackend(RunningServer server) {
        backend = server.connectService("backend-1");
    }

    @AfterEach
    void closeClient() {
        if (root != null) {
            root.close();
        }
    }

    private static void mqtt(String room, String event, String data, UUID org) {
        String payload = "{\"event\":\"" + event + "\",\"data\":" + data + ",\"organizationId\":\"" + org + "\"}";
        backend.publishWith().topic("vendhub/events/" + room).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    private static HttpResponse<String> rest(String token, String body) {
        return vendhub.server().post("/api/v1/events", token, body);
    }

    private static double rejected(String source, String reason) {
        var counter = vendhub.server().server().metrics().find("vendhub.events.rejected")
                .tags("source", source, "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private SocketIoTestClient superAdminWatching(String... rooms) {
        root = vendhub.server().dashboard(vendhub.server().token("root", null, "super_admin"));
        assertThat(root.isConnected()).isTrue();
        for (String room : rooms) {
            assertThat(root.subscribe(room).path("ok").asBoolean()).as(room).isTrue();
        }
        return root;
    }

    @Test
    void anAdminOfAnotherOrganizationCannotForgeMachineEventsOverRest(RunningServer server) throws Exception {
        UUID machineOfB = server.provision(orgB, "lobby").machine().id();
        SocketIoTestClient watcher = superAdminWatching("machine:" + machineOfB, "machines:all");
        String adminA = server.token("adm", orgA, "admin");

        HttpResponse<String> telemetry = rest(adminA, "{\"room\":\"machine:" + machineOfB
                + "\",\"event\":\"machine:telemetry\",\"data\":{\"machineId\":\"" + machineOfB + "\",\"temperature\":99}}");
        HttpResponse<String> status = rest(adminA, "{\"room\":\"machines:all\",\"event\":\"machine:status\","
                + "\"data\":{\"machineId\":\"" + machineOfB + "\",\"status\":\"offline\"}}");
        HttpResponse<String> custom = rest(adminA, "{\"room\":\"machine:" + machineOfB
                + "\",\"event\":\"note\",\"data\":{}}");

        assertThat(telemetry.statusCode()).as(telemetry.body()).isEqualTo(403);
        assertThat(telemetry.body()).contains("\"error\"").contains("belong to the platform");
        assertThat(status.statusCode()).as(status.body()).isEqualTo(403);
        assertThat(custom.statusCode()).as(custom.body()).isEqualTo(403);
        // The sentinel goes the same way (REST, B's machine room, B's own service) and arrives after them.
        assertThat(rest(server.token("svc", orgB, "service"), "{\"room\":\"machine:" + machineOfB
                + "\",\"event\":\"sentinel\",\"data\":{}}").statusCode()).isEqualTo(202);
        watcher.awaitEvent("sentinel", d -> true);
        assertThat(watcher.events()).extracting(SocketIoTestClient.ReceivedEvent::name)
                .doesNotContain("machine:telemetry", "machine:status", "note");
    }

    @Test
    void theMqttServicePathRefusesPlatformEventNamesAndOtherOrganizationsMachines(RunningServer server) {
        UUID machineOfB = server.provision(orgB, "lobby").machine().id();
        SocketIoTestClient watcher = superAdminWatching("machine:" + machineOfB, "machines:all");
        double reserved = rejected("mqtt", "reserved_event");
        double foreign = rejected("mqtt", "foreign_machine");

        mqtt("machine:" + machineOfB, "machine:telemetry", "{\"temperature\":99}", orgB);
        mqtt("machines:all", "machine:status", "{\"machineId\":\"" + machineOfB + "\",\"status\":\"offline\"}", orgA);
        mqtt("machine:" + machineOfB, "inventory:low", "{}", orgB);
        // organizationId A does not own B's machine: refused whatever the event is called.
        mqtt("machine:" + machineOfB, "note", "{}", orgA);
        mqtt("machine:" + UUID.randomUUID(), "note", "{}", orgA);

        mqtt("machine:" + machineOfB, "sentinel", "{}", orgB);
        watcher.awaitEvent("sentinel", d -> true);
        assertThat(watcher.events()).extracting(SocketIoTestClient.ReceivedEvent::name)
                .doesNotContain("machine:telemetry", "machine:status", "inventory:low", "note");
        assertThat(rejected("mqtt", "reserved_event")).isEqualTo(reserved + 3);
        assertThat(rejected("mqtt", "foreign_machine")).isEqualTo(foreign + 2);
        assertThat(server.count("SELECT count(*) FROM dead_letters")).isZero();
    }
}
