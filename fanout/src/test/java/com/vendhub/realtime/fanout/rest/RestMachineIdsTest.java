package com.vendhub.realtime.fanout.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.fanout.testing.TestFanout;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Machine ids in paths: a malformed one is a 400; an unknown machine and another organization's
 * machine are the same 404 (so ids do not leak), for reads and for token rotation alike.
 */
class RestMachineIdsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID ORG_A = UUID.randomUUID();
    private static final UUID ORG_B = UUID.randomUUID();

    @RegisterExtension
    final TestFanout fanout = TestFanout.start();

    @Test
    void malformedIdsAre400() throws Exception {
        String viewer = fanout.token("u", ORG_A, "viewer");
        String admin = fanout.token("a", ORG_A, "admin");
        String upper = UUID.randomUUID().toString().toUpperCase();
        for (String id : new String[] {"not-a-uuid", "123", upper.substring(1), "%20", "0-0-0-0-0",
                UUID.randomUUID() + "0"}) {
            HttpResponse<String> read = fanout.get("/api/v1/machines/" + id + "/telemetry", viewer);
            assertThat(read.statusCode()).as(id).isEqualTo(400);
            assertThat(JSON.readTree(read.body()).path("error").asText()).isEqualTo("bad_request");
            assertThat(fanout.post("/api/v1/machines/" + id + "/token", admin, null).statusCode()).as(id)
                    .isEqualTo(400);
        }
    }

    @Test
    void anotherOrganizationsMachineIsIndistinguishableFromAMissingOne() {
        UUID theirs = fanout.machines().add(ORG_B, "theirs", 1, 2).id();
        fanout.machines().putTelemetry(theirs, "{\"machineId\":\"" + theirs + "\"}");
        UUID missing = UUID.randomUUID();
        String viewer = fanout.token("u", ORG_A, "viewer");
        String admin = fanout.token("a", ORG_A, "admin");

        HttpResponse<String> otherRead = fanout.get("/api/v1/machines/" + theirs + "/telemetry", viewer);
        HttpResponse<String> missingRead = fanout.get("/api/v1/machines/" + missing + "/telemetry", viewer);
        assertThat(otherRead.statusCode()).isEqualTo(404);
        assertThat(missingRead.statusCode()).isEqualTo(404);
        assertThat(otherRead.body()).isEqualTo(missingRead.body());

        HttpResponse<String> otherRotate = fanout.post("/api/v1/machines/" + theirs + "/token", admin, null);
        HttpResponse<String> missingRotate = fanout.post("/api/v1/machines/" + missing + "/token", admin, null);
        assertThat(otherRotate.statusCode()).isEqualTo(404);
        assertThat(missingRotate.statusCode()).isEqualTo(404);
        assertThat(otherRotate.body()).isEqualTo(missingRotate.body());

        // The owner (and a super admin) still reach it: the 404 above is scoping, not absence.
        assertThat(fanout.get("/api/v1/machines/" + theirs + "/telemetry", fanout.token("v", ORG_B, "viewer"))
                .statusCode()).isEqualTo(200);
        assertThat(fanout.get("/api/v1/machines/" + theirs + "/telemetry", fanout.token("r", null, "super_admin"))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aKnownMachineWithoutTelemetryIsA404WithItsOwnMessage() throws Exception {
        UUID ours = fanout.machines().add(ORG_A, "new", 1, 2).id();
        HttpResponse<String> r = fanout.get("/api/v1/machines/" + ours + "/telemetry", fanout.token("u", ORG_A, "viewer"));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).path("message").asText()).contains("No telemetry");
    }
}
