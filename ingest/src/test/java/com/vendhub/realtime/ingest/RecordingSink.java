package com.vendhub.realtime.ingest;

import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.events.RoomEventSink;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects the live events ingest emits (our own seam; the fan-out is tested on its own). */
public final class RecordingSink implements RoomEventSink {

    private final List<RoomEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(RoomEvent event) {
        events.add(event);
    }

    public List<RoomEvent> events() {
        return List.copyOf(events);
    }

    public List<RoomEvent> named(String event) {
        return events.stream().filter(e -> e.event().equals(event)).toList();
    }

    public static String text(RoomEvent e) {
        return new String(e.json(), StandardCharsets.UTF_8);
    }
}
