package com.vendhub.realtime.sim.model;

import java.util.random.RandomGenerator;

/** Relative humidity around the machine: a per-site level, a slow drift and sensor noise, kept within 30..70 %. */
final class Humidity {

    static final double MIN_PERCENT = 30.0;
    static final double MAX_PERCENT = 70.0;
    private static final double SENSOR_NOISE = 1.0;

    private final double base;
    private final Drift drift = new Drift(3 * 3600.0, 5.0);

    Humidity(RandomGenerator random) {
        this.base = 40.0 + 20.0 * random.nextDouble();
    }

    void advance(double seconds, RandomGenerator random) {
        drift.advance(seconds, random);
    }

    double read(RandomGenerator random) {
        double h = base + drift.value() + SENSOR_NOISE * random.nextGaussian();
        return Math.max(MIN_PERCENT, Math.min(MAX_PERCENT, h));
    }
}
