package com.vendhub.realtime.ingest.alerts;

/** What one reading did to a bunker's low-level alert. */
public enum AlertTransition {
    /** Nothing changed. */
    NONE,
    /** The level fell below the threshold: {@code inventory:low}. */
    RAISED,
    /** The level is back at threshold + hysteresis or above: {@code inventory:restored}. */
    CLEARED_RECOVERED,
    /** A refill (a level jump up) took the level to the threshold or above: {@code inventory:restored}. */
    CLEARED_REFILL;

    /** The {@code clear_reason} stored for a clearing transition. */
    String reason() {
        return switch (this) {
            case CLEARED_RECOVERED -> "recovered";
            case CLEARED_REFILL -> "refill";
            default -> throw new IllegalStateException(name() + " is not a clearing");
        };
    }

    boolean clears() {
        return this == CLEARED_RECOVERED || this == CLEARED_REFILL;
    }
}
