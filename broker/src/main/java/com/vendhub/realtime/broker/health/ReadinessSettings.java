package com.vendhub.realtime.broker.health;

import java.time.Duration;

/**
 * Bounds of the readiness checks (docs/operations.md, "Health").
 *
 * @param databaseCheckInterval how often a pooled connection is borrowed and validated
 * @param databaseStaleAfter    the database counts as down when no check succeeded for this long
 *                              (a check against a dead database can hang up to the pool's 5 s timeout)
 * @param databaseValidTimeout  how long one {@code Connection#isValid} may take
 * @param backlogReadyFraction  the backlog counts as too large at this fraction of its bound (spool bytes
 *                              of {@code --spool-max-bytes}; without a spool, memory queue of its capacity)
 * @param ingestStallAfter      ingest counts as down when readings have waited this long without the
 *                              batch writer committing (or dead-lettering) anything: the database refuses
 *                              or hangs while live events still flow (docs/operations.md, "Health")
 */
public record ReadinessSettings(Duration databaseCheckInterval, Duration databaseStaleAfter,
        Duration databaseValidTimeout, double backlogReadyFraction, Duration ingestStallAfter) {

    public ReadinessSettings {
        if (databaseCheckInterval.isNegative() || databaseCheckInterval.isZero()) {
            throw new IllegalArgumentException("databaseCheckInterval must be positive");
        }
        if (databaseStaleAfter.compareTo(databaseCheckInterval) <= 0) {
            throw new IllegalArgumentException("databaseStaleAfter must exceed databaseCheckInterval");
        }
        if (databaseValidTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("databaseValidTimeout must be at least 1 s (JDBC counts seconds)");
        }
        if (!(backlogReadyFraction > 0 && backlogReadyFraction <= 1)) {
            throw new IllegalArgumentException("backlogReadyFraction must be in (0, 1]");
        }
        if (ingestStallAfter == null || ingestStallAfter.isNegative() || ingestStallAfter.isZero()) {
            throw new IllegalArgumentException("ingestStallAfter must be positive");
        }
    }

    /** A copy with these database check bounds. */
    public ReadinessSettings withDatabaseCheck(Duration interval, Duration staleAfter, Duration validTimeout) {
        return new ReadinessSettings(interval, staleAfter, validTimeout, backlogReadyFraction, ingestStallAfter);
    }

    /** A copy with this backlog fraction. */
    public ReadinessSettings withBacklogReadyFraction(double fraction) {
        return new ReadinessSettings(databaseCheckInterval, databaseStaleAfter, databaseValidTimeout, fraction,
                ingestStallAfter);
    }

    /** A copy with this ingest stall bound. */
    public ReadinessSettings withIngestStallAfter(Duration stallAfter) {
        return new ReadinessSettings(databaseCheckInterval, databaseStaleAfter, databaseValidTimeout,
                backlogReadyFraction, stallAfter);
    }

    /**
     * Every second, down after 3 s without a successful check, 1 s per validation, backlog at 90 %,
     * ingest down after 30 s without a commit while readings wait.
     */
    public static ReadinessSettings defaults() {
        return new ReadinessSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(1), 0.9,
                Duration.ofSeconds(30));
    }
}
