package com.vendhub.realtime.ingest.store;

/**
 * Where the batch writer sends a reading the database refused for a data reason (docs/architecture.md,
 * "The telemetry writer isolates refused rows"): the ingest service makes it a dead letter. Called on the writer thread; must not block.
 */
@FunctionalInterface
public interface RefusedReadingSink {

    /** Only counted and logged by the writer. */
    RefusedReadingSink NONE = (reading, reason) -> { };

    /** {@code reason}: the database's SQL state and message, escaped and short. */
    void refused(TelemetryBatchWriter.PendingReading reading, String reason);
}
