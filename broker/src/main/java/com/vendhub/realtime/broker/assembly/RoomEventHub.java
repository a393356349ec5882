package com.vendhub.realtime.broker.assembly;

import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.events.RoomEventSink;
import com.vendhub.realtime.schema.rooms.Room;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room-event sink a producer is built with before its consumer exists (ingest before the fan-out that
 * lists ingest's machines; the event-stream subscriber before the fan-out that publishes onto it). It is
 * {@link #connect connected} once, when the consumer is built and before any producer starts, and from then
 * on passes every event straight through. An event published before that is dropped, not queued: it is
 * counted in {@code vendhub_assembly_events_unconnected_total{hub}} and the first one is logged, since
 * it means a wiring class started a producer too early.
 */
public final class RoomEventHub implements RoomEventSink {

    private static final Logger LOG = LoggerFactory.getLogger(RoomEventHub.class);

    private final String name;
    private final Counter unconnected;
    private final AtomicBoolean warned = new AtomicBoolean();
    private volatile RoomEventSink consumer;

    /** @param name what the hub feeds, for the counter's {@code hub} tag and the log ("fanout") */
    public RoomEventHub(String name, MeterRegistry metrics) {
        this.name = Objects.requireNonNull(name, "name");
        this.unconnected = Counter.builder("vendhub.assembly.events.unconnected").tag("hub", name)
                .description("Room events published before the hub's consumer was connected (dropped)")
                .register(metrics);
    }

    /** Connects the consumer; once only. */
    public void connect(RoomEventSink consumer) {
        Objects.requireNonNull(consumer, "consumer");
        if (this.consumer != null) {
            throw new IllegalStateException("the " + name + " hub is connected already");
        }
        this.consumer = consumer;
    }

    @Override
    public void publish(RoomEvent event) {
        RoomEventSink target = consumer;
        if (target == null) {
            unconnected.increment();
            if (warned.compareAndSet(false, true)) {
                LOG.warn("room event published before the {} was connected, dropped (counted in "
                        + "vendhub_assembly_events_unconnected_total)", name);
            }
            return;
        }
        target.publish(event);
    }

    /** Before connection: true, so that the producer publishes and the drop is counted rather than skipped unseen. */
    @Override
    public boolean hasAudience(UUID organizationId, Room room) {
        RoomEventSink target = consumer;
        return target == null || target.hasAudience(organizationId, room);
    }
}
