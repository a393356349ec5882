package com.vendhub.realtime.fanout.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.events.EventsEndpoint;
import com.vendhub.realtime.fanout.testing.TestFanout;
import com.vendhub.realtime.schema.metrics.SharedMetricNames;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A body over {@code FanoutConfig.restBodyLimitBytes} is a JSON 413 on every endpoint that takes one, and is not acted on. */
class RestBodyLimitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = 2048;
    private static final UUID ORG = UUID.randomUUID();

    @RegisterExtension
    final TestFanout fanout = TestFanout.start(FanoutConfig.builder().restBodyLimitBytes(LIMIT));

    @Test
    void bodiesOverTheLimitAre413AndNothingHappens() throws Exception {
        String admin = fanout.token("a", ORG, "admin");
        String padding = "x".repeat(LIMIT);
        HttpResponse<String> provision = fanout.post("/api/v1/machines", admin, "{\"name\":\"" + padding + "\"}");
        assertThat(provision.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(provision.body()).path("error").asText()).isEqualTo("payload_too_large");
        assertThat(fanout.machines().list(java.util.Optional.of(ORG))).isEmpty();

        HttpResponse<String> event = fanout.post(EventsEndpoint.PATH, admin,
                "{\"room\":\"org:" + ORG + "\",\"event\":\"n\",\"data\":\"" + padding + "\"}");
        assertThat(event.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(event.body()).path("error").asText()).isEqualTo("payload_too_large");
        assertThat(fanout.counter(SharedMetricNames.EVENTS_RECEIVED, "source", "rest")).isZero();
        assertThat(fanout.counter("vendhub.fanout.rest.requests", "route", "body_too_large", "status", "413"))
                .isEqualTo(2);

        // Just under the limit is fine.
        String fits = "{\"room\":\"org:" + ORG + "\",\"event\":\"n\",\"data\":\"" + "y".repeat(LIMIT - 100) + "\"}";
        assertThat(fanout.post(EventsEndpoint.PATH, admin, fits).statusCode()).isEqualTo(202);
    }
}
