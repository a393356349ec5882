package com.vendhub.realtime.fanout.rooms;

import com.vendhub.realtime.fanout.auth.Principal;
import com.vendhub.realtime.fanout.auth.Role;
import com.vendhub.realtime.fanout.rooms.AccessDecision.Allowed;
import com.vendhub.realtime.fanout.rooms.AccessDecision.RefusalReason;
import com.vendhub.realtime.fanout.rooms.AccessDecision.Refused;
import com.vendhub.realtime.schema.machines.MachineOwnership;
import com.vendhub.realtime.schema.rooms.Room;
import com.vendhub.realtime.schema.rooms.RoomKind;
import com.vendhub.realtime.schema.text.LogText;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table of rooms and who may join them (docs/contract.md, "Socket.IO fan-out"). Stateless and thread-safe; it may block on
 * {@link MachineOwnership}, so callers run it off the event loop.
 */
public final class RoomAccessPolicy {

    /** Shown to a client for every refusal of a well-formed room, so refusals never reveal whether a room exists. */
    public static final String FORBIDDEN_MESSAGE = "Access to this room is not allowed";
    public static final String MALFORMED_MESSAGE = "Invalid room name";
    public static final String UNAVAILABLE_MESSAGE = "Room check unavailable, try again later";

    private static final Logger log = LoggerFactory.getLogger(RoomAccessPolicy.class);

    private final MachineOwnership ownership;

    public RoomAccessPolicy(MachineOwnership ownership) {
        this.ownership = Objects.requireNonNull(ownership, "ownership");
    }

    /** Decides whether {@code principal} may join the room named {@code roomName} (the client's raw string). */
    public AccessDecision decide(Principal principal, String roomName) {
        Objects.requireNonNull(principal, "principal");
        Optional<Room> parsed = Room.parse(roomName);
        if (parsed.isEmpty()) {
            return new Refused(RefusalReason.MALFORMED_ROOM, MALFORMED_MESSAGE);
        }
        return decide(principal, parsed.get());
    }

    /** Decides for an already parsed room. */
    public AccessDecision decide(Principal principal, Room room) {
        if (principal.isSuperAdmin()) {
            // Contract: "A super_admin role may join any room of any organization" -> wildcard key.
            return new Allowed(RoomKey.wildcard(room));
        }
        UUID org = principal.organizationId();
        RoomKey own = RoomKey.of(org, room);
        return switch (room.kind()) {
            case MACHINE -> machine(org, room, own);
            case MACHINES_ALL -> new Allowed(own);
            case ORG -> room.id().equals(org.toString()) ? new Allowed(own) : forbidden();
            case USER -> room.id().equals(principal.userId()) ? new Allowed(own) : forbidden();
            case TASKS -> room.id().equals(principal.userId()) || principal.hasRole(Role.ADMIN, Role.MANAGER)
                    ? new Allowed(own) : forbidden();
        };
    }

    /**
     * Re-authorizes a membership saved for connection state recovery against the token the client
     * reconnected with (same user and organization, but possibly another role): the key it may hold
     * the room under now, or empty when it may no longer see the room. Never blocks (recovery runs on
     * the event loop under the recovery log's monitor): a {@code machine:{id}} room is kept only when
     * it was joined for this same organization, whose ownership was checked at that subscribe; a super
     * admin's membership of one would need a fresh ownership look-up and is dropped instead (the
     * client may subscribe again). Every other room is decided again by the table above.
     */
    public Optional<RoomKey> recheck(Principal principal, RoomKey saved) {
        Objects.requireNonNull(principal, "principal");
        Room room = saved.room();
        if (principal.isSuperAdmin()) {
            return Optional.of(RoomKey.wildcard(room));
        }
        if (room.kind() == RoomKind.MACHINE) {
            return !saved.isWildcard() && saved.organizationId().equals(principal.organizationId())
                    ? Optional.of(saved) : Optional.empty();
        }
        return decide(principal, room) instanceof Allowed allowed ? Optional.of(allowed.key()) : Optional.empty();
    }

    /** The key a principal's membership of {@code room} lives under, without any access check (for leaving). */
    public static RoomKey keyFor(Principal principal, Room room) {
        return principal.isSuperAdmin() ? RoomKey.wildcard(room) : RoomKey.of(principal.organizationId(), room);
    }

    private AccessDecision machine(UUID org, Room room, RoomKey own) {
        Optional<UUID> owner;
        try {
            owner = ownership.organizationOf(room.uuid());
        } catch (RuntimeException e) {
            log.warn("machine ownership lookup failed for room {}: {}", LogText.escape(room.name()), e.toString());
            return new Refused(RefusalReason.UNAVAILABLE, UNAVAILABLE_MESSAGE);
        }
        if (owner.isEmpty()) {
            return new Refused(RefusalReason.UNKNOWN_MACHINE, FORBIDDEN_MESSAGE);
        }
        return owner.get().equals(org) ? new Allowed(own) : forbidden();
    }

    private static Refused forbidden() {
        return new Refused(RefusalReason.FORBIDDEN, FORBIDDEN_MESSAGE);
    }
}
