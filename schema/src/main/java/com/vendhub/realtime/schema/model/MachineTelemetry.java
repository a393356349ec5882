package com.vendhub.realtime.schema.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One validated telemetry reading, field for field the seed's {@code MachineTelemetry} type. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachineTelemetry(
        UUID machineId,
        Instant timestamp,
        MachineStatus status,
        double temperature,
        double humidity,
        List<BunkerLevel> bunkers,
        List<MachineError> errors,
        Instant lastSale,
        long uptime) {

    public MachineTelemetry {
        bunkers = List.copyOf(bunkers);
        errors = List.copyOf(errors);
    }
}
