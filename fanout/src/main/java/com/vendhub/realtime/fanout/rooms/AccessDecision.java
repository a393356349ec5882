package com.vendhub.realtime.fanout.rooms;

import java.util.Objects;

/** The outcome of a subscribe request: the registry key to join, or a refusal with a reason. */
public sealed interface AccessDecision {

    /** The caller may join; {@code key} is where its membership lives. */
    record Allowed(RoomKey key) implements AccessDecision {
        public Allowed {
            Objects.requireNonNull(key, "key");
        }
    }

    /** The caller may not join; {@code message} is safe to show the client (it never reveals whether a room exists). */
    record Refused(RefusalReason reason, String message) implements AccessDecision {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Why a subscribe was refused; {@link #tag()} is the metric tag. */
    enum RefusalReason {
        MALFORMED_ROOM("malformed_room"),
        FORBIDDEN("forbidden"),
        UNKNOWN_MACHINE("unknown_machine"),
        BAD_PAYLOAD("bad_payload"),
        ROOM_LIMIT("room_limit"),
        BUSY("busy"),
        UNAVAILABLE("unavailable");

        private final String tag;

        RefusalReason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }
}
