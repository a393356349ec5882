package com.vendhub.realtime.schema.machines;

import java.time.Instant;
import java.util.UUID;

/** A provisioned machine as stored, token hash included (never the token). */
public record MachineRecord(UUID id, UUID organizationId, String name, Double lat, Double lng, byte[] tokenHash,
                            Instant createdAt) {
}
