package com.vendhub.realtime.sim.model;

import java.time.LocalTime;
import java.util.random.RandomGenerator;

/** A coffee machine's cabinet: room temperature plus boiler heat, following the day and drifting slowly within 20..30 °C. */
final class CabinetDrift implements Climate {

    static final double MIN_CELSIUS = 20.0;
    static final double MAX_CELSIUS = 30.0;
    /** Half the day-to-night swing, degrees Celsius. */
    private static final double DAILY_AMPLITUDE = 2.0;
    /** Local hour of the warmest cabinet: afternoon sun plus the lunch rush's heat. */
    private static final double WARMEST_HOUR = 15.0;
    private static final double SENSOR_NOISE = 0.1;

    private final double base;
    private final Drift drift = new Drift(2 * 3600.0, 1.5);
    private double dailyTerm;

    CabinetDrift(RandomGenerator random) {
        this.base = 24.0 + 2.0 * (random.nextDouble() - 0.5);
    }

    @Override
    public void advance(double seconds, LocalTime at, RandomGenerator random) {
        drift.advance(seconds, random);
        double hour = at.toSecondOfDay() / 3600.0;
        dailyTerm = DAILY_AMPLITUDE * Math.cos(2 * Math.PI * (hour - WARMEST_HOUR) / 24.0);
    }

    @Override
    public double read(RandomGenerator random) {
        double t = base + dailyTerm + drift.value() + SENSOR_NOISE * random.nextGaussian();
        return Math.max(MIN_CELSIUS, Math.min(MAX_CELSIUS, t));
    }
}
