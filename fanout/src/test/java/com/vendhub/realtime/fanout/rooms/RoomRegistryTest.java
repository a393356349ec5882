package com.vendhub.realtime.fanout.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.schema.rooms.Room;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoomRegistryTest {

    private static final UUID ORG_A = UUID.randomUUID();
    private static final UUID ORG_B = UUID.randomUUID();

    private final RoomRegistry<String> registry = new RoomRegistry<>();

    @Test
    void sameRoomNameInTwoOrganizationsNeverMeets() {
        registry.join(RoomKey.of(ORG_A, Room.MACHINES_ALL), "a");
        registry.join(RoomKey.of(ORG_B, Room.MACHINES_ALL), "b");
        assertThat(registry.members(ORG_A, Room.MACHINES_ALL)).containsExactly("a");
        assertThat(registry.members(ORG_B, Room.MACHINES_ALL)).containsExactly("b");
    }

    @Test
    void wildcardMembersReceiveEveryOrganizationOnce() {
        registry.join(RoomKey.of(ORG_A, Room.MACHINES_ALL), "a");
        registry.join(RoomKey.wildcard(Room.MACHINES_ALL), "root");
        registry.join(RoomKey.of(ORG_A, Room.MACHINES_ALL), "root"); // even if also joined by org
        assertThat(registry.members(ORG_A, Room.MACHINES_ALL)).containsExactlyInAnyOrder("a", "root");
        assertThat(registry.members(ORG_B, Room.MACHINES_ALL)).containsExactly("root");
    }

    @Test
    void leavingDropsEmptyRooms() {
        RoomKey key = RoomKey.of(ORG_A, Room.user("u1"));
        assertThat(registry.join(key, "a")).isTrue();
        assertThat(registry.join(key, "a")).isFalse();
        assertThat(registry.roomCount()).isEqualTo(1);
        assertThat(registry.leave(key, "a")).isTrue();
        assertThat(registry.leave(key, "a")).isFalse();
        assertThat(registry.roomCount()).isZero();
        assertThat(registry.members(ORG_A, Room.user("u1"))).isEmpty();
    }
}
