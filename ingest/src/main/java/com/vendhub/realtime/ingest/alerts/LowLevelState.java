package com.vendhub.realtime.ingest.alerts;

import java.time.Instant;

/**
 * One bunker's low-level alert: none, or active since a reading. Raises below the threshold, clears
 * at threshold + hysteresis or on a refill that leaves the level at the threshold or above. A reading
 * not newer than the last transition changes nothing, so a late or redelivered reading can neither
 * raise again what a newer reading cleared nor clear twice (docs/contract.md, "Telemetry payload": late telemetry). Not
 * thread-safe: its owner serializes calls.
 */
public final class LowLevelState {

    /** An active alert: raised by the reading at {@code raisedAt}, against {@code threshold}. */
    public record Active(Instant raisedAt, double threshold) {
    }

    private Active active;
    private Instant lastTransitionAt;

    /** Restores a state loaded from the database. */
    public LowLevelState(Active active, Instant lastTransitionAt) {
        this.active = active;
        this.lastTransitionAt = lastTransitionAt;
    }

    public LowLevelState() {
        this(null, null);
    }

    /**
     * Judges the reading at {@code at}.
     *
     * @param percentage the server's percentage of the bunker
     * @param threshold  the threshold that applies to the bunker now (an active alert clears against
     *                   the threshold it was raised with)
     * @param hysteresis percentage points above the threshold at which an active alert clears
     * @param refill     whether this reading is a refill (a level jump up)
     */
    public AlertTransition evaluate(Instant at, double percentage, double threshold, double hysteresis,
                                    boolean refill) {
        if (lastTransitionAt != null && !at.isAfter(lastTransitionAt)) {
            return AlertTransition.NONE;
        }
        if (active == null) {
            if (percentage < threshold) {
                active = new Active(at, threshold);
                lastTransitionAt = at;
                return AlertTransition.RAISED;
            }
            return AlertTransition.NONE;
        }
        // A refill is named as such even when it also passes the hysteresis band.
        AlertTransition t = refill && percentage >= active.threshold() ? AlertTransition.CLEARED_REFILL
                : percentage >= active.threshold() + hysteresis ? AlertTransition.CLEARED_RECOVERED
                : AlertTransition.NONE;
        if (t != AlertTransition.NONE) {
            active = null;
            lastTransitionAt = at;
        }
        return t;
    }

    /** The active alert, or null. */
    public Active active() {
        return active;
    }

    public Instant lastTransitionAt() {
        return lastTransitionAt;
    }
}
