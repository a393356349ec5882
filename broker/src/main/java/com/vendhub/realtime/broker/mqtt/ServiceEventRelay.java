package com.vendhub.realtime.broker.mqtt;

import com.vendhub.realtime.fanout.events.BackendEventPolicy;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.events.RoomEventSink;
import com.vendhub.realtime.schema.events.RoomEventWire;
import com.vendhub.realtime.schema.metrics.SharedMetricNames;
import com.vendhub.realtime.schema.text.LogText;
import com.vendhub.realtime.schema.text.LogThrottle;
import com.vendhub.realtime.schema.topics.TopicScheme;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In {@code vendhub serve}: a service client's publish on the embedded broker's {@code
 * {prefix}/events/{room}} goes to the in-process fan-out, decoded exactly as a {@code vendhub fanout}
 * node decodes the external event stream ({@link RoomEventWire}). A service account is not tied to an
 * organization ({@code svc:<name>} with the shared service secret), so the envelope's {@code
 * organizationId} decides whose subscribers get it: services are trusted across organizations, and
 * still reach only that one organization. Like {@code POST /api/v1/events}, a service may not publish the
 * platform's own event names, and a {@code machine:{id}} room takes only events of the organization that
 * owns the machine ({@link BackendEventPolicy}). An invalid or refused message is counted by reason and
 * logged (client id and topic escaped) at most once per reason every 10 s; nothing here throws.
 */
public final class ServiceEventRelay {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceEventRelay.class);

    private final String eventsRoot;
    private final RoomEventWire wire;
    private final RoomEventSink sink;
    private final BackendEventPolicy policy;
    private final MeterRegistry meters;
    private final LogThrottle throttle;
    private final Counter received;

    /**
     * @param wire decodes the contract's envelope; its payload bound is the largest event accepted
     * @param sink the in-process fan-out
     * @param policy refuses reserved event names and other organizations' machine rooms; its ownership
     *               look-up must not block (in {@code vendhub serve} it is the in-memory catalog)
     */
    public ServiceEventRelay(TopicScheme topics, RoomEventWire wire, RoomEventSink sink, BackendEventPolicy policy,
            LogThrottle throttle, MeterRegistry meters) {
        this.eventsRoot = topics.event("");
        this.wire = Objects.requireNonNull(wire, "wire");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.received = Counter.builder(SharedMetricNames.EVENTS_RECEIVED)
                .description("Backend events accepted for fan-out").tag("source", "mqtt").register(meters);
    }

    /** True for a topic under {@code {prefix}/events/}. */
    public boolean isEventTopic(String topic) {
        return topic != null && topic.startsWith(eventsRoot);
    }

    /** Decodes and fans out one publish; never throws. */
    public void relay(String clientId, String topic, byte[] payload) {
        try {
            RoomEvent event = wire.decode(topic, payload);
            Optional<BackendEventPolicy.Refusal> refusal = policy.check(event.organizationId(), event.room(),
                    event.event());
            if (refusal.isPresent()) {
                refused(clientId, topic, refusal.get().reason());
                return;
            }
            received.increment();
            sink.publish(event);
        } catch (RoomEventWire.InvalidRoomEventException e) {
            refused(clientId, topic, e.reason());
        } catch (RuntimeException e) {
            LOG.error("event from {} on {} failed", LogText.escape(clientId), LogText.escape(topic), e);
        }
    }

    private void refused(String clientId, String topic, String reason) {
        Counter.builder(SharedMetricNames.EVENTS_REJECTED).description("Backend events refused")
                .tags("source", "mqtt", "reason", reason).register(meters).increment();
        long suppressed = throttle.admit("event|" + reason);
        if (suppressed >= 0) {
            LOG.warn("event from {} on {} refused: {} ({} more like it not logged)", LogText.escape(clientId),
                    LogText.escape(topic), reason, suppressed);
        }
    }
}
