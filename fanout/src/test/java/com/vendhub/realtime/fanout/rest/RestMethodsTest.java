package com.vendhub.realtime.fanout.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.fanout.testing.TestFanout;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A known path with another method is a JSON 405 naming the allowed ones in {@code Allow}; an unknown path a JSON 404. */
class RestMethodsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final TestFanout fanout = TestFanout.start();

    @Test
    void wrongMethodsOnKnownPathsAre405WithAllow() throws Exception {
        String id = UUID.randomUUID().toString();
        String[][] cases = {
            {"DELETE", "/api/v1/machines", "GET, POST"},
            {"PUT", "/api/v1/machines/", "GET, POST"},
            {"POST", "/api/v1/machines/" + id + "/telemetry", "GET"},
            {"GET", "/api/v1/machines/" + id + "/token", "POST"},
            {"GET", "/api/v1/events", "POST"},
            {"PATCH", "/api/v1/events", "POST"},
        };
        for (String[] c : cases) {
            // Without a token too: the method is checked first, as the path is.
            HttpResponse<String> r = fanout.send(c[0], c[1], null, null);
            assertThat(r.statusCode()).as("%s %s", c[0], c[1]).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).as("%s %s", c[0], c[1]).contains(c[2]);
            assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("method_not_allowed");
        }
        assertThat(fanout.counter("vendhub.fanout.rest.requests", "route", "events.publish", "status", "405"))
                .isEqualTo(2);
    }

    @Test
    void unknownPathsAre404() throws Exception {
        for (String path : new String[] {"/api/v1/nothing", "/api/v2/machines", "/api/v1/machines/x/y/z", "/nope"}) {
            HttpResponse<String> r = fanout.send("GET", path, fanout.token("u", UUID.randomUUID(), "admin"), null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("not_found");
        }
    }
}
