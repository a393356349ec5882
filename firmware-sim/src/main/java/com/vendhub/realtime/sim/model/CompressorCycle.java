package com.vendhub.realtime.sim.model;

import java.time.LocalTime;
import java.util.random.RandomGenerator;

/** A chilled snack cabinet: the compressor pulls it down to the low setpoint, then it warms to the high one (a sawtooth). */
final class CompressorCycle implements Climate {

    /** Degrees Celsius at which the compressor stops. */
    static final double LOW_SETPOINT = 3.0;
    /** Degrees Celsius at which the compressor starts. */
    static final double HIGH_SETPOINT = 8.0;
    /** Standard deviation of the sensor's noise. */
    private static final double SENSOR_NOISE = 0.15;

    private final double coolingPerSecond;
    private final double warmingPerSecond;
    private double temperature;
    private boolean compressorOn;

    CompressorCycle(RandomGenerator random) {
        // Each cabinet's insulation and compressor differ a little: about 0.5 and 0.15 degrees per minute.
        this.coolingPerSecond = 0.5 / 60.0 * (0.8 + 0.4 * random.nextDouble());
        this.warmingPerSecond = 0.15 / 60.0 * (0.8 + 0.4 * random.nextDouble());
        this.temperature = LOW_SETPOINT + (HIGH_SETPOINT - LOW_SETPOINT) * random.nextDouble();
        this.compressorOn = random.nextBoolean();
    }

    @Override
    public void advance(double seconds, LocalTime at, RandomGenerator random) {
        double left = seconds;
        // At most a handful of phase changes per step (a cycle lasts ~40 minutes, a step at most an hour or so).
        while (left > 0) {
            if (compressorOn) {
                double toLow = (temperature - LOW_SETPOINT) / coolingPerSecond;
                if (left < toLow) {
                    temperature -= coolingPerSecond * left;
                    return;
                }
                temperature = LOW_SETPOINT;
                compressorOn = false;
                left -= toLow;
            } else {
                double toHigh = (HIGH_SETPOINT - temperature) / warmingPerSecond;
                if (left < toHigh) {
                    temperature += warmingPerSecond * left;
                    return;
                }
                temperature = HIGH_SETPOINT;
                compressorOn = true;
                left -= toHigh;
            }
        }
    }

    @Override
    public double read(RandomGenerator random) {
        return temperature + SENSOR_NOISE * random.nextGaussian();
    }
}
