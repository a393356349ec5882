package com.vendhub.realtime.schema.model;

import java.time.Instant;

/** The payload of a machine's retained {@code status} topic (and of its Last Will). */
public record StatusReport(MachineStatus status, Instant timestamp) {
}
