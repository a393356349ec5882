package com.vendhub.realtime.fanout.rooms;

import com.vendhub.realtime.schema.rooms.Room;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Room membership keyed by {@link RoomKey}. Thread-safe and non-blocking for readers: publishers on
 * any thread look members up while sockets join and leave on theirs.
 *
 * @param <M> the member type (a socket session; tests use plain objects)
 */
public final class RoomRegistry<M> {

    private final ConcurrentHashMap<RoomKey, Set<M>> rooms = new ConcurrentHashMap<>();

    /** Adds {@code member} to {@code key}; true if it was not a member yet. */
    public boolean join(RoomKey key, M member) {
        Objects.requireNonNull(member, "member");
        boolean[] added = new boolean[1];
        rooms.compute(key, (k, members) -> {
            Set<M> set = members == null ? ConcurrentHashMap.newKeySet() : members;
            added[0] = set.add(member);
            return set;
        });
        return added[0];
    }

    /** Removes {@code member} from {@code key}, dropping the room once empty; true if it was a member. */
    public boolean leave(RoomKey key, M member) {
        boolean[] removed = new boolean[1];
        rooms.computeIfPresent(key, (k, members) -> {
            removed[0] = members.remove(member);
            return members.isEmpty() ? null : members;
        });
        return removed[0];
    }

    /**
     * Everyone an event for {@code room} of {@code organizationId} goes to: the members of that
     * organization's room plus the wildcard (super admin) members of the room, each once.
     */
    public List<M> members(UUID organizationId, Room room) {
        Set<M> own = rooms.get(RoomKey.of(organizationId, room));
        Set<M> wildcard = rooms.get(RoomKey.wildcard(room));
        if (own == null && wildcard == null) {
            return List.of();
        }
        if (wildcard == null) {
            return new ArrayList<>(own);
        }
        if (own == null) {
            return new ArrayList<>(wildcard);
        }
        // Identity semantics: one socket, one frame, even if it somehow sits under both keys.
        Set<M> union = Collections.newSetFromMap(new IdentityHashMap<>());
        union.addAll(own);
        union.addAll(wildcard);
        return new ArrayList<>(union);
    }

    /** Whether an event for {@code room} of {@code organizationId} has anyone to go to (no copying). */
    public boolean hasMembers(UUID organizationId, Room room) {
        return rooms.containsKey(RoomKey.of(organizationId, room)) || rooms.containsKey(RoomKey.wildcard(room));
    }

    public boolean isMember(RoomKey key, M member) {
        Set<M> members = rooms.get(key);
        return members != null && members.contains(member);
    }

    /** Number of non-empty rooms (a gauge). */
    public int roomCount() {
        return rooms.size();
    }

    /** A snapshot for diagnostics and tests. */
    public Map<RoomKey, Integer> sizes() {
        Map<RoomKey, Integer> out = new java.util.HashMap<>();
        rooms.forEach((k, v) -> out.put(k, v.size()));
        return out;
    }
}
