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
}
