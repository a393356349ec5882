package com.vendhub.realtime.broker.health;

import java.time.Duration;

/**
 * Bounds of the readiness checks (README, "Health").
 *
 * @param databaseCheckInterval how often a pooled connection is borrowed and validated
 * @param databaseStaleAfter    the database counts as down when no check succeeded for this long
 *                              (a check against a dead database can hang up to the pool's 5 s timeout)
 * @param databaseValidTimeout  how long one {@code Connection#isValid} may take
 * @param backlogReadyFraction  the backlog counts as too large at this fraction of its bound (spool bytes
 *                              of {@code --spool-max-bytes}; without a spool, memory queue of its capacity)
 */
public record ReadinessSettings(Duration databaseCheckInterval, Duration databaseStaleAfter,
        Duration databaseValidTimeout, double backlogReadyFraction) {

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
    }

    /** Every second, down after 3 s without a successful check, 1 s per validation, backlog at 90 %. */
    public static ReadinessSettings defaults() {
        return new ReadinessSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(1), 0.9);
    }
}
