package com.vendhub.realtime.broker.cluster;

import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.events.RoomEventSink;
import com.vendhub.realtime.schema.events.RoomEventWire;

/**
 * The cluster worker's live events: each {@link RoomEvent} ingest emits goes out on the event
 * stream {@code {prefix}/events/{room}} in the {@link RoomEventWire} format, for the
 * {@code vendhub fanout} nodes. Called on the ingest and writer threads; never blocks: past the
 * publish limit an event is dropped and counted ({@code vendhub_cluster_events_dropped_total}), since
 * live events are not stored and a dashboard catches up from the next one.
 */
final class MqttRoomEventPublisher implements RoomEventSink {

    private final BoundedPublisher publisher;
    private final RoomEventWire wire;

    MqttRoomEventPublisher(BoundedPublisher publisher, RoomEventWire wire) {
        this.publisher = publisher;
        this.wire = wire;
    }

    @Override
    public void publish(RoomEvent event) {
        byte[] payload;
        try {
            payload = wire.encode(event);
        } catch (IllegalArgumentException e) {
            // Ingest encodes its own JSON, so this is a bug; it must not reach the ingest thread.
            publisher.refused(e);
            return;
        }
        publisher.publish(wire.topic(event), payload);
    }
}
