package com.vendhub.realtime.schema.events;

import com.vendhub.realtime.schema.rooms.Room;
import java.util.UUID;

/**
 * Where live events go. Implementations must not block the caller (it is the ingest path): they
 * hand the event to their own threads or drop it with a metric, never wait.
 */
@FunctionalInterface
public interface RoomEventSink {

    void publish(RoomEvent event);

    /**
     * False only when no subscriber, connected or awaiting connection state recovery, could receive an
     * event for {@code room} of {@code organizationId} now; a producer may then skip encoding it (at
     * 1,000 machines' telemetry per second that encoding was a fifth of the ingest thread's time). A
     * sink that cannot tell (an event stream to other processes) keeps this default.
     */
    default boolean hasAudience(UUID organizationId, Room room) {
        return true;
    }

    /** A sink that discards everything, for processes without a fan-out. */
    RoomEventSink NONE = event -> { };
}
