package com.vendhub.realtime.fanout.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.fanout.auth.Principal;
import com.vendhub.realtime.fanout.auth.Role;
import com.vendhub.realtime.fanout.rooms.AccessDecision.Allowed;
import com.vendhub.realtime.fanout.rooms.AccessDecision.RefusalReason;
import com.vendhub.realtime.fanout.rooms.AccessDecision.Refused;
import com.vendhub.realtime.schema.machines.MachineOwnership;
import com.vendhub.realtime.schema.rooms.Room;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every row of the contract's room table, allowed and refused. */
class RoomAccessPolicyTest {

    private static final UUID ORG_A = UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001");
    private static final UUID ORG_B = UUID.fromString("bbbbbbbb-0000-4000-8000-000000000002");
    private static final UUID MACHINE_A = UUID.fromString("aaaaaaaa-1111-4000-8000-000000000001");
    private static final UUID MACHINE_B = UUID.fromString("bbbbbbbb-1111-4000-8000-000000000002");

    private final MachineOwnership ownership = id -> Optional.ofNullable(Map.of(MACHINE_A, ORG_A, MACHINE_B, ORG_B).get(id));
    private final RoomAccessPolicy policy = new RoomAccessPolicy(ownership);

    private static Principal user(String sub, UUID org, Role role) {
        return new Principal(sub, org, role);
    }

    private void assertAllowed(Principal p, String room, RoomKey expected) {
        assertThat(policy.decide(p, room)).as(p + " -> " + room).isEqualTo(new Allowed(expected));
    }

    private void assertRefused(Principal p, String room, RefusalReason reason) {
        AccessDecision d = policy.decide(p, room);
        assertThat(d).as(p + " -> " + room).isInstanceOf(Refused.class);
        assertThat(((Refused) d).reason()).as(p + " -> " + room).isEqualTo(reason);
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = "SUPER_ADMIN", mode = EnumSource.Mode.EXCLUDE)
    void machineRoomOnlyForTheOwningOrganization(Role role) {
        Principal p = user("u1", ORG_A, role);
        assertAllowed(p, "machine:" + MACHINE_A, RoomKey.of(ORG_A, Room.machine(MACHINE_A)));
        assertRefused(p, "machine:" + MACHINE_B, RefusalReason.FORBIDDEN);
        assertRefused(p, "machine:" + UUID.randomUUID(), RefusalReason.UNKNOWN_MACHINE);
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = "SUPER_ADMIN", mode = EnumSource.Mode.EXCLUDE)
    void machinesAllForAnyUserKeyedByOwnOrganization(Role role) {
        assertAllowed(user("u1", ORG_A, role), "machines:all", RoomKey.of(ORG_A, Room.MACHINES_ALL));
        assertAllowed(user("u2", ORG_B, role), "machines:all", RoomKey.of(ORG_B, Room.MACHINES_ALL));
    }

    @Test
    void orgRoomOnlyForItsMembers() {
        assertAllowed(user("u1", ORG_A, Role.VIEWER), "org:" + ORG_A, RoomKey.of(ORG_A, Room.org(ORG_A)));
        assertRefused(user("u1", ORG_A, Role.ADMIN), "org:" + ORG_B, RefusalReason.FORBIDDEN);
    }

    @Test
    void userRoomOnlyForThatUser() {
        assertAllowed(user("u1", ORG_A, Role.VIEWER), "user:u1", RoomKey.of(ORG_A, Room.user("u1")));
        assertRefused(user("u1", ORG_A, Role.ADMIN), "user:u2", RefusalReason.FORBIDDEN);
        assertRefused(user("u1", ORG_A, Role.MANAGER), "user:U1", RefusalReason.FORBIDDEN);
    }

    @Test
    void tasksRoomForAssigneeAndAdminsOrManagersOfTheSameOrganization() {
        assertAllowed(user("u1", ORG_A, Role.OPERATOR), "tasks:u1", RoomKey.of(ORG_A, Room.tasks("u1")));
        assertAllowed(user("boss", ORG_A, Role.ADMIN), "tasks:u1", RoomKey.of(ORG_A, Room.tasks("u1")));
        assertAllowed(user("lead", ORG_A, Role.MANAGER), "tasks:u1", RoomKey.of(ORG_A, Room.tasks("u1")));
        // An admin of B gets B's tasks:u1, never A's: same name, different key.
        assertAllowed(user("boss", ORG_B, Role.ADMIN), "tasks:u1", RoomKey.of(ORG_B, Room.tasks("u1")));
        for (Role role : new Role[] {Role.OPERATOR, Role.VIEWER, Role.SERVICE, Role.USER}) {
            assertRefused(user("u2", ORG_A, role), "tasks:u1", RefusalReason.FORBIDDEN);
        }
    }

    @Test
    void superAdminJoinsAnyRoomOfAnyOrganizationThroughTheWildcard() {
        Principal root = user("root", null, Role.SUPER_ADMIN);
        for (String room : new String[] {"machine:" + MACHINE_A, "machine:" + MACHINE_B, "machines:all",
                "org:" + ORG_B, "user:someone", "tasks:someone"}) {
            AccessDecision d = policy.decide(root, room);
            assertThat(d).isInstanceOf(Allowed.class);
            assertThat(((Allowed) d).key().isWildcard()).isTrue();
            assertThat(((Allowed) d).key().room().name()).isEqualTo(room);
        }
        Principal rootWithOrg = user("root", ORG_A, Role.SUPER_ADMIN);
        assertThat(policy.decide(rootWithOrg, "org:" + ORG_B))
                .isEqualTo(new Allowed(RoomKey.wildcard(Room.org(ORG_B))));
    }

    @Test
    void ownershipFailureIsRefusedNotThrown() {
        RoomAccessPolicy broken = new RoomAccessPolicy(id -> {
            throw new IllegalStateException("database down");
        });
        AccessDecision d = broken.decide(user("u1", ORG_A, Role.ADMIN), "machine:" + MACHINE_A);
        assertThat(d).isEqualTo(new Refused(RefusalReason.UNAVAILABLE, RoomAccessPolicy.UNAVAILABLE_MESSAGE));
    }

    @Test
    void refusalsNeverRevealWhetherAMachineExists() {
        Principal p = user("u1", ORG_A, Role.ADMIN);
        Refused other = (Refused) policy.decide(p, "machine:" + MACHINE_B);
        Refused unknown = (Refused) policy.decide(p, "machine:" + UUID.randomUUID());
        assertThat(other.message()).isEqualTo(unknown.message());
    }

    @Test
    void fuzzOfOddRoomNamesIsRefusedOrHarmless() {
        String nonCanonical = MACHINE_A.toString().toUpperCase();
        String[] odd = {
            "", " ", "machine:", "machine", "machines:", "machines:all ", " machines:all", "MACHINES:ALL",
            "org:", "user:", "tasks:", "user:../u1", "user:..", "user:.", "../", "../../etc/passwd", "machine:../",
            "user:u1/../u2", "user:u1\u0000", "user:u1\n", "user:ü", "user:用户", "machine:" + nonCanonical,
            "machine:{" + MACHINE_A + "}", "machine:" + MACHINE_A.toString().replace("-", ""),
            "machine:" + MACHINE_A + " ", "machine:" + MACHINE_A + ":x", "org:" + ORG_A.toString().toUpperCase(),
            "user:" + "x".repeat(129), "x".repeat(100_000), "machine:" + "0".repeat(10_000), "\uD83D\uDE80",
            "machine:" + MACHINE_B, "org:" + ORG_B, "tasks:*", "user:*", "*", "machines:*",
        };
        // A manager may see tasks of anyone in A, so the only way in would be aliasing a real room; none does.
        Principal p = user("u1", ORG_A, Role.MANAGER);
        for (String name : odd) {
            assertThat(policy.decide(p, name)).as(name).isInstanceOf(Refused.class);
        }
        Principal root = user("root", null, Role.SUPER_ADMIN);
        for (String name : odd) {
            if (!name.equals("machine:" + MACHINE_B) && !name.equals("org:" + ORG_B)) {
                assertThat(policy.decide(root, name)).as(name).isInstanceOf(Refused.class);
            }
        }
        assertThat(policy.decide(p, (String) null)).isInstanceOf(Refused.class);
    }
}
