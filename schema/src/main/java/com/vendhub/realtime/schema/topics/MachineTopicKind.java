package com.vendhub.realtime.schema.topics;

import java.util.Locale;
import java.util.Optional;

/** The last level of {@code {prefix}/machines/{machineId}/{kind}}. */
public enum MachineTopicKind {
    /** Machine to platform: {@code MachineTelemetry}. */
    TELEMETRY,
    /** Machine to platform, retained; also the Last Will. */
    STATUS,
    /** Platform to machine: committed timestamps. */
    ACK,
    /** Platform to machine: commands. */
    COMMANDS;

    public String level() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<MachineTopicKind> fromLevel(String level) {
        for (MachineTopicKind k : values()) {
            if (k.level().equals(level)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
