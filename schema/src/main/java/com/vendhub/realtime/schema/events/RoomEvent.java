package com.vendhub.realtime.schema.events;

import com.vendhub.realtime.schema.rooms.Room;
import java.util.Objects;
import java.util.UUID;

/**
 * A Socket.IO event for every member of {@code room} within {@code organizationId}; {@code json} is
 * the event's argument, already encoded, so the fan-out frames it once for all recipients.
 */
public record RoomEvent(UUID organizationId, Room room, String event, byte[] json) {

    public RoomEvent {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(json, "json");
    }
}
