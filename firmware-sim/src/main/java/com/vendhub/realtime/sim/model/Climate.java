package com.vendhub.realtime.sim.model;

import java.time.LocalTime;
import java.util.random.RandomGenerator;

/** A cabinet's temperature over time. */
interface Climate {

    /** Integrates {@code seconds} of simulated time ending at local time {@code at}. */
    void advance(double seconds, LocalTime at, RandomGenerator random);

    /** What the sensor reads now, noise included, in degrees Celsius. */
    double read(RandomGenerator random);
}
