package com.vendhub.realtime.schema.model;

import java.time.Instant;
import java.util.UUID;

/** The {@code machine:status} event payload: {@code {machineId, status, timestamp}}. */
public record StatusChange(UUID machineId, MachineStatus status, Instant timestamp) {
}
