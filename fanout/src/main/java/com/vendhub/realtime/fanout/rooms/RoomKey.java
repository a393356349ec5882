package com.vendhub.realtime.fanout.rooms;

import com.vendhub.realtime.schema.rooms.Room;
import java.util.Objects;
import java.util.UUID;

/**
 * A room within one organization; {@code organizationId == null} is the wildcard a super admin
 * joins, which receives that room's events from every organization.
 */
public record RoomKey(UUID organizationId, Room room) {

    public RoomKey {
        Objects.requireNonNull(room, "room");
    }

    public static RoomKey of(UUID organizationId, Room room) {
        return new RoomKey(Objects.requireNonNull(organizationId, "organizationId"), room);
    }

    public static RoomKey wildcard(Room room) {
        return new RoomKey(null, room);
    }

    public boolean isWildcard() {
        return organizationId == null;
    }

    @Override
    public String toString() {
        return (organizationId == null ? "*" : organizationId) + "/" + room.name();
    }
}
