package com.vendhub.realtime.schema.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Severity of a {@link MachineError}; {@code error} and {@code critical} are pushed as {@code machine:error}. */
public enum ErrorSeverity {
    WARNING, ERROR, CRITICAL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ErrorSeverity> parse(String wire) {
        if (wire == null) {
            return Optional.empty();
        }
        for (ErrorSeverity s : values()) {
            if (s.wire().equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @JsonCreator
    static ErrorSeverity fromJson(String wire) {
        return parse(wire).orElseThrow(() -> new IllegalArgumentException("unknown severity: " + wire));
    }
}
