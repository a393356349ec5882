package com.vendhub.realtime.schema.model;

import java.time.Instant;

/** An error a machine reports inside its telemetry. */
public record MachineError(String code, String message, ErrorSeverity severity, Instant occurredAt) {
}
