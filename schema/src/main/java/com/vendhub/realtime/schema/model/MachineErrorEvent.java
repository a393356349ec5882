package com.vendhub.realtime.schema.model;

import java.time.Instant;
import java.util.UUID;

/** The payload of {@code machine:error}: {@code {machineId, code, message, severity, occurredAt}}. */
public record MachineErrorEvent(UUID machineId, String code, String message, ErrorSeverity severity,
                                Instant occurredAt) {
}
