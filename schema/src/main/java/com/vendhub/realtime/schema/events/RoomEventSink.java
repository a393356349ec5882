package com.vendhub.realtime.schema.events;

/**
 * Where live events go. Implementations must not block the caller (it is the ingest path): they
 * hand the event to their own threads or drop it with a metric, never wait.
 */
@FunctionalInterface
public interface RoomEventSink {

    void publish(RoomEvent event);

    /** A sink that discards everything, for processes without a fan-out. */
    RoomEventSink NONE = event -> { };
}
