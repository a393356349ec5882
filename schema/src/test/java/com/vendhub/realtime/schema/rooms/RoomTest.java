package com.vendhub.realtime.schema.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoomTest {

    private static final UUID ID = UUID.fromString("3f8e2a10-1c4b-4f0e-9a55-0c3a6d7e8f01");

    @Test
    void parsesEveryFormOfTheContract() {
        assertThat(Room.parse("machine:" + ID)).contains(Room.machine(ID));
        assertThat(Room.parse("machines:all")).contains(Room.MACHINES_ALL);
        assertThat(Room.parse("org:" + ID)).contains(Room.org(ID));
        assertThat(Room.parse("user:42")).contains(Room.user("42"));
        assertThat(Room.parse("tasks:user-7@acme.uz")).contains(Room.tasks("user-7@acme.uz"));
    }

    @Test
    void nameRoundTrips() {
        for (Room room : new Room[] {Room.machine(ID), Room.MACHINES_ALL, Room.org(ID), Room.user("u1"), Room.tasks("a")}) {
            assertThat(Room.parse(room.name())).contains(room);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "machine:", "machine:42", "machine:3F8E2A10-1C4B-4F0E-9A55-0C3A6D7E8F01",
        "machines:ALL", "machines:all ", "org:../etc", "user:", "user:../admin", "user:a/b", "user:..",
        "tasks:a b", "user:\u0000", "user:\u043c\u0430\u0448\u0438\u043d\u0430", "room", "Machine:x",
        "machine:3f8e2a10-1c4b-4f0e-9a55-0c3a6d7e8f01:extra"})
    void refusesAnythingElse(String name) {
        assertThat(Room.parse(name)).isEmpty();
    }

    @Test
    void refusesVeryLongNames() {
        assertThat(Room.parse("user:" + "a".repeat(Room.MAX_ID_LENGTH + 1))).isEmpty();
        assertThat(Room.parse("user:" + "a".repeat(Room.MAX_ID_LENGTH))).isPresent();
        assertThat(Room.parse("x".repeat(1_000_000))).isEmpty();
    }
}
