package com.vendhub.realtime.fanout.events;

import com.vendhub.realtime.schema.events.EventNames;
import com.vendhub.realtime.schema.machines.MachineOwnership;
import com.vendhub.realtime.schema.rooms.Room;
import com.vendhub.realtime.schema.rooms.RoomKind;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What a backend event (REST {@code POST /api/v1/events} or MQTT {@code vendhub/events/{room}}) may
 * not do, whoever sent it: carry one of the platform's own event names ({@code machine:*},
 * {@code inventory:*}: docs/contract.md, "Socket.IO fan-out"), or address a {@code
 * machine:{id}} room in an organization that does not own that machine. Without the second rule an
 * event of organization A into B's machine room went to every {@code super_admin} watching that room
 * (a super admin joins the room of every organization). May block on {@link MachineOwnership}, so
 * callers run it off the event loop. Thread-safe.
 */
public final class BackendEventPolicy {

    /** Why an event was refused; {@code reason} is the metric tag, {@code message} safe to show the sender. */
    public record Refusal(String reason, int status, String message) {
        public Refusal {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    public static final Refusal RESERVED_EVENT = new Refusal("reserved_event", 403,
            "Event names machine:*, inventory:* (in any case) and the replies subscribed, unsubscribed and exception "
                    + "belong to the platform");
    public static final Refusal FOREIGN_MACHINE = new Refusal("foreign_machine", 403,
            "The machine of a machine:{id} room must belong to the event's organization");
    public static final Refusal FOREIGN_ORGANIZATION = new Refusal("foreign_organization", 403,
            "An org:{id} room takes only events of organization id");
    public static final Refusal OWNERSHIP_UNAVAILABLE = new Refusal("ownership_unavailable", 503,
            "Machine ownership check unavailable, try again later");

    private final MachineOwnership ownership;

    public BackendEventPolicy(MachineOwnership ownership) {
        this.ownership = Objects.requireNonNull(ownership, "ownership");
    }

    /** Both rules: the event name, then the room's owner. Empty when the event may be fanned out. */
    public Optional<Refusal> check(UUID organizationId, Room room, String event) {
        if (EventNames.isPlatformEvent(event)) {
            return Optional.of(RESERVED_EVENT);
        }
        return checkRoom(organizationId, room);
    }

    /**
     * Only the room rule: for the event stream of a {@code vendhub fanout} node, which carries the
     * platform's own events from ingest workers too, so the name rule cannot apply there.
     */
    public Optional<Refusal> checkRoom(UUID organizationId, Room room) {
        if (room.kind() == RoomKind.ORG) {
            // Delivery is keyed by the event's organization, so nobody of the named one would hear it; answer
            // so instead of accepting an event that reaches no one (found by an outside probe).
            return room.uuid().equals(organizationId) ? Optional.empty() : Optional.of(FOREIGN_ORGANIZATION);
        }
        if (room.kind() != RoomKind.MACHINE) {
            return Optional.empty();
        }
        Optional<UUID> owner;
        try {
            owner = ownership.organizationOf(room.uuid());
        } catch (RuntimeException e) {
            return Optional.of(OWNERSHIP_UNAVAILABLE);
        }
        // An unknown machine is refused like a foreign one, so the answer never tells whether it exists.
        return owner.isPresent() && owner.get().equals(organizationId) ? Optional.empty()
                : Optional.of(FOREIGN_MACHINE);
    }
}
