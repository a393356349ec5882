package com.vendhub.realtime.sim.model;

import java.util.random.RandomGenerator;

/** A mean-reverting random walk (Ornstein-Uhlenbeck): wanders slowly, always pulled back towards zero. */
final class Drift {

    private final double relaxationSeconds;
    private final double spread;
    private double value;

    /**
     * @param relaxationSeconds how long a deviation takes to fade by 1/e
     * @param spread            the walk's long-run standard deviation
     */
    Drift(double relaxationSeconds, double spread) {
        this.relaxationSeconds = relaxationSeconds;
        this.spread = spread;
    }

    double value() {
        return value;
    }

    /** Exact OU transition over {@code seconds}, so big and small steps give the same statistics. */
    void advance(double seconds, RandomGenerator random) {
        if (seconds <= 0) {
            return;
        }
        double decay = Math.exp(-seconds / relaxationSeconds);
        value = value * decay + spread * Math.sqrt(1.0 - decay * decay) * random.nextGaussian();
    }
}
