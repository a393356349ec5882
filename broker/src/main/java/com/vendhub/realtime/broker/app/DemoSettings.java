package com.vendhub.realtime.broker.app;

import java.time.Duration;

/**
 * The simulated demo fleet of {@code vendhub serve --demo} ({@link DemoFleet}).
 *
 * @param enabled  whether the fleet runs
 * @param machines how many machines
 * @param interval their publish interval
 */
public record DemoSettings(boolean enabled, int machines, Duration interval) {

    public DemoSettings {
        if (machines < 1) {
            throw new IllegalArgumentException("the demo fleet needs at least one machine, got " + machines);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the demo interval must be positive, got " + interval);
        }
    }

    /** Off; when switched on, 20 machines every 2 s. */
    public static DemoSettings off() {
        return new DemoSettings(false, 20, Duration.ofSeconds(2));
    }

    public DemoSettings withEnabled(boolean value) {
        return new DemoSettings(value, machines, interval);
    }

    public DemoSettings withInterval(Duration value) {
        return new DemoSettings(enabled, machines, value);
    }
}
