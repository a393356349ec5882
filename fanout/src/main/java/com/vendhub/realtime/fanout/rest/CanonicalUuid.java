package com.vendhub.realtime.fanout.rest;

import java.util.Optional;
import java.util.UUID;

/**
 * Reads an id from a path, query or body as a UUID in canonical form only (36 characters, the form
 * {@link UUID#toString()} writes, any case): {@link UUID#fromString} alone also takes "1-1-1-1-1".
 */
public final class CanonicalUuid {

    private CanonicalUuid() {
    }

    /** The UUID {@code text} spells canonically, or empty (also for null). */
    public static Optional<UUID> parse(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID id = UUID.fromString(text);
            return id.toString().equalsIgnoreCase(text) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
