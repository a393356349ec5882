package com.vendhub.realtime.schema.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** A machine's operating state as the contract spells it on the wire. */
public enum MachineStatus {
    ONLINE, OFFLINE, MAINTENANCE, ERROR;

    /** The lower-case wire form: {@code online}, {@code offline}, ... */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire form; empty for anything else (case matters, as in the seed's TypeScript union). */
    public static Optional<MachineStatus> parse(String wire) {
        if (wire == null) {
            return Optional.empty();
        }
        for (MachineStatus s : values()) {
            if (s.wire().equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @JsonCreator
    static MachineStatus fromJson(String wire) {
        return parse(wire).orElseThrow(() -> new IllegalArgumentException("unknown status: " + wire));
    }
}
