package com.vendhub.realtime.broker.mqtt;

import com.vendhub.realtime.fanout.events.EventsEndpoint;
import com.vendhub.realtime.ingest.pipeline.LogThrottle;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.events.RoomEventSink;
import com.vendhub.realtime.schema.events.RoomEventWire;
import com.vendhub.realtime.schema.topics.TopicScheme;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In {@code vendhub serve}: a service client's publish on the embedded broker's {@code
 * {prefix}/events/{room}} goes to the in-process fan-out, decoded exactly as a {@code vendhub fanout}
 * node decodes the external event stream ({@link RoomEventWire}). A service account is not tied to an
 * organization ({@code svc:<name>} with the shared service secret), so the envelope's {@code
 * organizationId} decides whose subscribers get it: services are trusted across organizations, and
 * still reach only that one organization. An invalid message is counted by reason and logged at most
 * once per reason every 10 s; nothing here throws.
 */
public final class ServiceEventRelay {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceEventRelay.class);

    private final String eventsRoot;
    private final RoomEventWire wire;
    private final RoomEventSink sink;
    private final MeterRegistry meters;
    private final LogThrottle throttle;
    private final Counter received;

    /**
     * @param wire decodes the contract's envelope; its payload bound is the largest event accepted
     * @param sink the in-process fan-out
     */
    public ServiceEventRelay(TopicScheme topics, RoomEventWire wire, RoomEventSink sink, LogThrottle throttle,
            MeterRegistry meters) {
        this.eventsRoot = topics.event("");
        this.wire = Objects.requireNonNull(wire, "wire");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.received = Counter.builder(EventsEndpoint.RECEIVED_METRIC)
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
            received.increment();
            sink.publish(event);
        } catch (RoomEventWire.InvalidRoomEventException e) {
            Counter.builder(EventsEndpoint.REJECTED_METRIC).description("Backend events refused")
                    .tags("source", "mqtt", "reason", e.reason()).register(meters).increment();
            long suppressed = throttle.admit("event|" + e.reason());
            if (suppressed >= 0) {
                LOG.warn("event from {} on {} refused: {} ({} more like it not logged)", clientId, topic, e.reason(),
                        suppressed);
            }
        } catch (RuntimeException e) {
            LOG.error("event from {} on {} failed", clientId, topic, e);
        }
    }
}
