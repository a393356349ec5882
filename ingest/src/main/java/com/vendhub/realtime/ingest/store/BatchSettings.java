package com.vendhub.realtime.ingest.store;

import java.time.Duration;

/**
 * Bounds of the telemetry write path (README, "Bounds").
 *
 * @param queueCapacity readings waiting for the database in memory; past it a reading is refused and
 *                      counted, or, with the spool, kept on disk only until the writer catches up
 * @param maxBatch      readings per transaction
 * @param maxLinger     how long the first reading of a batch waits for company
 * @param maxBackoff    longest pause between retries while the database is failing
 */
public record BatchSettings(int queueCapacity, int maxBatch, Duration maxLinger, Duration maxBackoff) {

    public BatchSettings {
        if (queueCapacity < 1 || maxBatch < 1 || maxLinger.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("invalid batch settings");
        }
    }

    public static BatchSettings defaults() {
        return new BatchSettings(20_000, 1_000, Duration.ofMillis(20), Duration.ofSeconds(5));
    }
}
