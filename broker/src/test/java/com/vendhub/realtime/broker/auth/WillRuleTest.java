package com.vendhub.realtime.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.schema.text.LogThrottle;
import com.vendhub.realtime.schema.topics.TopicScheme;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract's Last Will rule ("Device identity"): only {@code offline} on the machine's own
 * {@code status} topic. The end-to-end proof is {@code mqtt.LastWillInjectionTest}; this covers the cases.
 */
class WillRuleTest {

    private static final TopicScheme TOPICS = TopicScheme.defaults();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final DeviceTopicPolicy policy = new DeviceTopicPolicy(TOPICS, new LogThrottle(1, System::nanoTime), metrics);
    private final UUID me = UUID.randomUUID();
    private final UUID other = UUID.randomUUID();

    @Test
    void offlineOnTheOwnStatusTopicIsTheOnlyWillAllowed() {
        assertThat(policy.willRefusal(TOPICS.status(me), bytes("{\"status\":\"offline\",\"timestamp\":\"2026-01-01T00:00:00Z\"}"),
                me.toString())).isEmpty();
        assertThat(policy.willRefusal(TOPICS.status(me), bytes("{\"status\":\"offline\"}"), me.toString())).isEmpty();
    }

    @Test
    void anyOtherTopicIsRefused() {
        String offline = "{\"status\":\"offline\"}";
        for (String topic : new String[] {TOPICS.status(other), TOPICS.commands(other), TOPICS.ack(other),
                TOPICS.commands(me), TOPICS.ack(me), TOPICS.telemetry(me), TOPICS.event("machines:all"),
                "vendhub/machines/" + me + "/status/x", "#", ""}) {
            assertThat(policy.willRefusal(topic, bytes(offline), me.toString())).as(topic).contains("will_topic");
        }
        assertThat(policy.willRefusal(null, bytes(offline), me.toString())).contains("will_topic");
        assertThat(metrics.counter("vendhub.broker.acl.denied", "action", "will").count()).isEqualTo(11);
    }

    @Test
    void aStatusOtherThanOfflineOrNotJsonIsRefused() {
        for (String payload : new String[] {"{\"status\":\"online\"}", "{\"status\":\"error\"}", "offline", "",
                "[\"offline\"]", "{\"status\":\"OFFLINE\"}", "{\"status\":\"offline\",\"pad\":\"" + "x".repeat(2000) + "\"}"}) {
            assertThat(policy.willRefusal(TOPICS.status(me), bytes(payload), me.toString())).as(payload)
                    .contains("will_payload");
        }
    }

    @Test
    void aServiceClientMayLeaveNoWill() {
        assertThat(policy.willRefusal(TOPICS.commands(me), bytes("{}"), "svc:backend")).contains("will_topic");
        assertThat(policy.willRefusal(TOPICS.event("machines:all"), bytes("{}"), "svc:backend")).contains("will_topic");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
