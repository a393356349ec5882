package com.vendhub.realtime.schema.rooms;

import java.util.Optional;
import java.util.UUID;

/**
 * One parsed room name. {@code id} is empty for {@code machines:all}; for {@code machine:} and
 * {@code org:} it is a canonical UUID; for {@code user:} and {@code tasks:} an opaque user id.
 */
public record Room(RoomKind kind, String id) {

    /** Longest user or assignee id accepted in a room name. */
    public static final int MAX_ID_LENGTH = 128;

    public static final Room MACHINES_ALL = new Room(RoomKind.MACHINES_ALL, "");

    public static Room machine(UUID machineId) {
        return new Room(RoomKind.MACHINE, machineId.toString());
    }

    public static Room org(UUID organizationId) {
        return new Room(RoomKind.ORG, organizationId.toString());
    }

    public static Room user(String userId) {
        return new Room(RoomKind.USER, userId);
    }

    public static Room tasks(String assigneeId) {
        return new Room(RoomKind.TASKS, assigneeId);
    }

    /** The wire name, e.g. {@code machine:6f1c...}. */
    public String name() {
        return kind == RoomKind.MACHINES_ALL ? kind.prefix() : kind.prefix() + id;
    }

    /** The id as a UUID, for {@code machine:} and {@code org:} rooms. */
    public UUID uuid() {
        return UUID.fromString(id);
    }

    /** Parses a room name; empty unless it is exactly one of the contract's forms. */
    public static Optional<Room> parse(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_ID_LENGTH + 8) {
            return Optional.empty();
        }
        if (name.equals(RoomKind.MACHINES_ALL.prefix())) {
            return Optional.of(MACHINES_ALL);
        }
        for (RoomKind kind : new RoomKind[] {RoomKind.MACHINE, RoomKind.ORG}) {
            if (name.startsWith(kind.prefix())) {
                return canonicalUuid(name.substring(kind.prefix().length())).map(id -> new Room(kind, id));
            }
        }
        for (RoomKind kind : new RoomKind[] {RoomKind.USER, RoomKind.TASKS}) {
            if (name.startsWith(kind.prefix())) {
                String id = name.substring(kind.prefix().length());
                return isOpaqueId(id) ? Optional.of(new Room(kind, id)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<String> canonicalUuid(String text) {
        if (text.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID id = UUID.fromString(text);
            return id.toString().equals(text) ? Optional.of(text) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** User ids are opaque but printable: letters, digits and {@code - _ . @}; no separators, no paths. */
    private static boolean isOpaqueId(String id) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH || id.equals(".") || id.equals("..")) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '@';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name();
    }
}
