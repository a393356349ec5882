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
 * docs/security.md, "Backend events", through the real HTTP server: an admin of organization A must not be able to
 * forge the platform's machine events into B's machine rooms or {@code machines:all}, where a super
 * admin watching every organization would receive them. "Heard nothing" is proven with a later
 * sentinel into the same rooms (a socket receives in publish order), never with a timeout.
 */
class EventSpoofingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID ORG_A = UUID.randomUUID();
    private static final UUID ORG_B = UUID.randomUUID();

    @RegisterExtension
    final TestFanout fanout = TestFanout.start();

    private HttpResponse<String> publish(String token, String room, String event, UUID org) {
        return fanout.post(EventsEndpoint.PATH, token, "{\"room\":\"" + room + "\",\"event\":\"" + event
                + "\",\"data\":{\"machineId\":\"forged\",\"status\":\"offline\"}"
                + (org == null ? "" : ",\"organizationId\":\"" + org + "\"") + "}");
    }

    private static void assertRefused(HttpResponse<String> response, int status, String reasonText) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error").asText()).isEqualTo("forbidden");
        assertThat(body.path("message").asText()).contains(reasonText);
    }

    @Test
    void anAdminCannotForgeMachineEventsIntoAnotherOrganizationAndASuperAdminHearsNothing() throws Exception {
        UUID machineOfB = fanout.machines().add(ORG_B, "lobby", 41.3, 69.2).id();
        UUID machineOfA = fanout.machines().add(ORG_A, "hall", 41.3, 69.2).id();
        SocketIoTestClient root = fanout.client("root", null, "super_admin");
        assertThat(root.subscribe("machine:" + machineOfB).path("ok").asBoolean()).isTrue();
        assertThat(root.subscribe("machines:all").path("ok").asBoolean()).isTrue();
        String adminA = fanout.token("adm", ORG_A, "admin");
        double reserved = fanout.counter(SharedMetricNames.EVENTS_REJECTED, "source", "rest", "reason", "reserved_event");
        double foreign = fanout.counter(SharedMetricNames.EVENTS_REJECTED, "source", "rest", "reason", "foreign_machine");

        // The probe's attempts: the platform's event names into B's machine room and into machines:all.
        assertRefused(publish(adminA, "machine:" + machineOfB, "machine:telemetry", null), 403, "belong to the platform");
        assertRefused(publish(adminA, "machine:" + machineOfB, "machine:status", ORG_A), 403, "belong to the platform");
        assertRefused(publish(adminA, "machines:all", "machine:status", null), 403, "belong to the platform");
        assertRefused(publish(adminA, "machine:" + machineOfA, "inventory:low", null), 403, "belong to the platform");
        // The outside probe's bypasses: another case, surrounding blanks, and the server's own protocol replies,
        // which a dashboard would take for the server's answer to its subscribe.
        assertRefused(publish(adminA, "machine:" + machineOfA, "Machine:status", null), 403, "belong to the platform");
        assertRefused(publish(adminA, "machine:" + machineOfA, " inventory:low", null), 403, "belong to the platform");
        assertRefused(publish(adminA, "machine:" + machineOfA, "subscribed", null), 403, "belong to the platform");
        assertRefused(publish(adminA, "machine:" + machineOfA, "unsubscribed", null), 403, "belong to the platform");
        assertRefused(publish(adminA, "machine:" + machineOfA, "exception", null), 403, "belong to the platform");
        // Any other event name into a machine room of another organization (or of none) is refused too.
        assertRefused(publish(adminA, "machine:" + machineOfB, "custom:note", null), 403, "must belong");
        assertRefused(publish(adminA, "machine:" + UUID.randomUUID(), "custom:note", null), 403, "must belong");
        // An org:{id} room of another organization is refused, not accepted to reach no one.
        double foreignOrg = fanout.counter(SharedMetricNames.EVENTS_REJECTED, "source", "rest", "reason",
                "foreign_organization");
        assertRefused(publish(adminA, "org:" + ORG_B, "custom:note", null), 403, "takes only events");
        assertThat(fanout.counter(SharedMetricNames.EVENTS_REJECTED, "source", "rest", "reason", "foreign_organization"))
                .isEqualTo(foreignOrg + 1);
        assertThat(publish(adminA, "org:" + ORG_A, "custom:note", null).statusCode()).isEqualTo(202);
        // Even a super admin may not file an event of A under B's machine, nor use the platform's names.
        String superAdmin = fanout.token("root", null, "super_admin");
        assertRefused(publish(superAdmin, "machine:" + machineOfB, "custom:note", ORG_A), 403, "must belong");
        assertRefused(publish(superAdmin, "machines:all", "machine:status", ORG_B), 403, "belong to the platform");

        // What is allowed still works: a custom event into the caller's own machine's room...
        assertThat(publish(adminA, "machine:" + machineOfA, "custom:note", null).statusCode()).isEqualTo(202);
        // ...and the sentinel (B's own machine room, B's organization) arrives after everything above.
        assertThat(publish(superAdmin, "machine:" + machineOfB, "sentinel", ORG_B).statusCode()).isEqualTo(202);
        root.awaitEvent("sentinel", d -> true);
        assertThat(root.events()).extracting(SocketIoTestClient.ReceivedEvent::name)
                .doesNotContain("machine:telemetry", "machine:status", "inventory:low", "custom:note")
                .contains("subscribed", "sentinel");
        assertThat(fanout.counter(SharedMetricNames.EVENTS_REJECTED, "source", "rest", "reason", "reserved_event"))
                .isEqualTo(reserved + 10);
        assertThat(fanout.counter(SharedMetricNames.EVENTS_REJECTED, "source", "rest", "reason", "foreign_machine"))
                .isEqualTo(foreign + 3);
    }
}
