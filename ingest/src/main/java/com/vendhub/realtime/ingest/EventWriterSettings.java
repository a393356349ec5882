package com.vendhub.realtime.ingest;

import java.time.Duration;

/**
 * Bounds of the {@code events} writer (status history, alert transitions, dead letters) and of the
 * {@code dead_letters} table (docs/architecture.md, "The events writer: two lanes").
 *
 * @param importantQueueCapacity    status changes and alert transitions waiting for the database; past it they
 *                                  are refused and counted
 * @param deadLetterQueueCapacity   dead letters waiting for the database, in their own queue so that junk
 *                                  never pushes a status change out; past it they are counted only
 * @param deadLetterBudgetPerMinute dead-letter rows stored per client (a device's client id is its machine
 *                                  id) per minute; the rest of that minute is counted only. 0 stores none
 * @param deadLetterRetention       dead letters older than this are deleted; zero keeps them forever
 * @param deadLetterRetentionBatch  rows one delete statement removes at most, so a large backlog is deleted
 *                                  in short transactions
 * @param deadLetterRetentionInterval how often expired dead letters are looked for
 * @param drainTimeout              on an orderly shutdown, how long queued writes may take to reach the
 *                                  database (retrying one that is down); what is left is counted as lost
 */
public record EventWriterSettings(int importantQueueCapacity, int deadLetterQueueCapacity,
                                  int deadLetterBudgetPerMinute, Duration deadLetterRetention,
                                  int deadLetterRetentionBatch, Duration deadLetterRetentionInterval,
                                  Duration drainTimeout) {

    public static final int DEFAULT_IMPORTANT_QUEUE_CAPACITY = 10_000;
    public static final int DEFAULT_DEAD_LETTER_QUEUE_CAPACITY = 10_000;
    public static final int DEFAULT_DEAD_LETTER_BUDGET_PER_MINUTE = 60;
    public static final Duration DEFAULT_DEAD_LETTER_RETENTION = Duration.ofDays(7);
    public static final int DEFAULT_DEAD_LETTER_RETENTION_BATCH = 1_000;
    public static final Duration DEFAULT_DEAD_LETTER_RETENTION_INTERVAL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(5);

    public EventWriterSettings {
        if (importantQueueCapacity < 1 || deadLetterQueueCapacity < 1 || deadLetterBudgetPerMinute < 0
                || deadLetterRetention.isNegative() || deadLetterRetentionBatch < 1
                || deadLetterRetentionInterval.isNegative() || deadLetterRetentionInterval.isZero()
                || drainTimeout.isNegative()) {
            throw new IllegalArgumentException("invalid events writer settings: queue capacities, retention batch and "
                    + "retention interval must be positive; budget, retention and drain timeout not negative");
        }
    }

    public static EventWriterSettings defaults() {
        return new EventWriterSettings(DEFAULT_IMPORTANT_QUEUE_CAPACITY, DEFAULT_DEAD_LETTER_QUEUE_CAPACITY,
                DEFAULT_DEAD_LETTER_BUDGET_PER_MINUTE, DEFAULT_DEAD_LETTER_RETENTION,
                DEFAULT_DEAD_LETTER_RETENTION_BATCH, DEFAULT_DEAD_LETTER_RETENTION_INTERVAL, DEFAULT_DRAIN_TIMEOUT);
    }

    /** A copy with another dead-letter budget. */
    public EventWriterSettings withDeadLetterBudgetPerMinute(int budget) {
        return new EventWriterSettings(importantQueueCapacity, deadLetterQueueCapacity, budget, deadLetterRetention,
                deadLetterRetentionBatch, deadLetterRetentionInterval, drainTimeout);
    }

    /** A copy with another retention and check interval. */
    public EventWriterSettings withDeadLetterRetention(Duration retention, Duration interval) {
        return new EventWriterSettings(importantQueueCapacity, deadLetterQueueCapacity, deadLetterBudgetPerMinute,
                retention, deadLetterRetentionBatch, interval, drainTimeout);
    }
}
