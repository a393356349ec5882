package com.vendhub.realtime.fanout.health;

import java.util.Map;

/**
 * The state of the components readiness depends on (e.g. {@code broker}, {@code database});
 * implemented by the composition root. Called off the event loop, so it may block briefly.
 */
@FunctionalInterface
public interface HealthProbe {

    /** Component name to "up"; readiness requires every value to be true. */
    Map<String, Boolean> components();

    /**
     * What liveness depends on (e.g. worker threads running, no fatal JVM error); {@code GET /health/live}
     * answers 503 once one is false, so that a supervisor restarts the process. Called on an event loop:
     * must not block. None by default: the process answers, so it is alive.
     */
    default Map<String, Boolean> liveness() {
        return Map.of();
    }
}
