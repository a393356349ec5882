package com.vendhub.realtime.ingest.store;

import java.time.Duration;

/**
 * Bounds of the telemetry write path (docs/architecture.md, "Bounds").
 *
 * @param queueCapacity readings waiting for the database in memory; past it a reading is refused and
 *                      counted, or, with the spool, kept on disk only until the writer catches up
 * @param maxBatch      readings per transaction
 * @param maxLinger     how long the first reading of a batch waits for company
 * @param maxBackoff    longest pause between retries while the database is failing
 * @param latestWriteInterval {@code machine_latest} (the copy of each machine's latest reading that a
 *                      restart loads) is written at most once per machine in this interval; the
 *                      live latest state is in memory, so this only bounds how stale the copy is
 * @param ackQueueBatches committed batches whose acknowledgements may wait for the ack thread; past it
 *                      the writer waits before its next transaction
 * @param handoffCapacity messages waiting between the broker's hook and the ingest thread; past it a
 *                      reading reaches the writer through the spool only, other messages are dropped
 */
public record BatchSettings(int queueCapacity, int maxBatch, Duration maxLinger, Duration maxBackoff,
                            Duration latestWriteInterval, int ackQueueBatches, int handoffCapacity) {

    public static final Duration DEFAULT_LATEST_WRITE_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_ACK_QUEUE_BATCHES = 16;
    public static final int DEFAULT_HANDOFF_CAPACITY = 50_000;

    public BatchSettings {
        if (queueCapacity < 1 || maxBatch < 1 || maxLinger.isNegative() || maxBackoff.isNegative()
                || latestWriteInterval.isNegative() || ackQueueBatches < 1 || handoffCapacity < 1) {
            throw new IllegalArgumentException("invalid batch settings");
        }
    }

    public static BatchSettings defaults() {
        // 50 ms, not 20: on 2 cores the benchmark sustained 8,000 msg/s at lag p99 < 500 ms with batches
        // of ~700 readings, against 5,000 msg/s with 20 ms (batches of ~100, each paying the commit's
        // fixed cost); the price is ~30 ms more lag at low rates (docs/performance.md).
        return new BatchSettings(20_000, 1_000, Duration.ofMillis(50), Duration.ofSeconds(5),
                DEFAULT_LATEST_WRITE_INTERVAL, DEFAULT_ACK_QUEUE_BATCHES, DEFAULT_HANDOFF_CAPACITY);
    }

    public BatchSettings withQueueCapacity(int value) {
        return new BatchSettings(value, maxBatch, maxLinger, maxBackoff, latestWriteInterval, ackQueueBatches,
                handoffCapacity);
    }

    public BatchSettings withMaxBatch(int value) {
        return new BatchSettings(queueCapacity, value, maxLinger, maxBackoff, latestWriteInterval, ackQueueBatches,
                handoffCapacity);
    }

    public BatchSettings withMaxLinger(Duration value) {
        return new BatchSettings(queueCapacity, maxBatch, value, maxBackoff, latestWriteInterval, ackQueueBatches,
                handoffCapacity);
    }

    public BatchSettings withMaxBackoff(Duration value) {
        return new BatchSettings(queueCapacity, maxBatch, maxLinger, value, latestWriteInterval, ackQueueBatches,
                handoffCapacity);
    }

    public BatchSettings withLatestWriteInterval(Duration value) {
        return new BatchSettings(queueCapacity, maxBatch, maxLinger, maxBackoff, value, ackQueueBatches,
                handoffCapacity);
    }

    public BatchSettings withHandoffCapacity(int value) {
        return new BatchSettings(queueCapacity, maxBatch, maxLinger, maxBackoff, latestWriteInterval, ackQueueBatches,
                value);
    }
}
