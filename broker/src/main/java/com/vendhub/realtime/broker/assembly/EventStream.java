package com.vendhub.realtime.broker.assembly;

import com.vendhub.realtime.schema.events.RoomEventWire;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.topics.TopicScheme;

/** The event stream's wire ({@code {prefix}/events/#}) as every process kind reads and writes it. */
public final class EventStream {

    /** Largest event-stream message published or accepted (the contract's telemetry limit, with room for the envelope). */
    public static final int MAX_EVENT_BYTES = 256 * 1024;

    private EventStream() {
    }

    public static RoomEventWire wire(TopicScheme topics) {
        return new RoomEventWire(topics, WireJson.newObjectMapper(), MAX_EVENT_BYTES);
    }
}
