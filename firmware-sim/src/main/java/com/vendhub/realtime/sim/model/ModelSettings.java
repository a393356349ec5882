package com.vendhub.realtime.sim.model;

import java.time.Duration;
import java.util.Objects;

/**
 * Every tunable rate and bound of the machine physics.
 *
 * @param nightSalesPerHour     mean sales per hour between 22:00 and 06:00 local time
 * @param daySalesPerHour       mean sales per hour in the daytime outside the peaks
 * @param peakSalesPerHour      mean sales per hour in the peaks 08-10, 12-14 and 17-19 local time
 * @param refillThresholdPercent an operator visit becomes possible once any bunker is below this level
 * @param refillVisitsPerHour   rate at which the operator shows up once a bunker is below the threshold
 * @param refillVisitDuration   mean length of a visit; the machine reports {@code maintenance} and sells nothing meanwhile
 * @param lowLevelPercent       a bunker below this percentage reports {@code lowLevelAlert} (contract: 20)
 * @param warningsPerDay        mean {@code warning} faults per machine per day
 * @param errorsPerDay          mean {@code error} faults per machine per day
 * @param criticalsPerDay       mean {@code critical} faults per machine per day
 * @param meanFaultDuration     mean time a fault stays active (and listed in every reading)
 * @param maxStep               longest stretch of simulated time one step integrates; a longer gap is cut to this
 */
public record ModelSettings(
        double nightSalesPerHour,
        double daySalesPerHour,
        double peakSalesPerHour,
        double refillThresholdPercent,
        double refillVisitsPerHour,
        Duration refillVisitDuration,
        double lowLevelPercent,
        double warningsPerDay,
        double errorsPerDay,
        double criticalsPerDay,
        Duration meanFaultDuration,
        Duration maxStep) {

    public ModelSettings {
        requireNonNegative("nightSalesPerHour", nightSalesPerHour);
        requireNonNegative("daySalesPerHour", daySalesPerHour);
        requireNonNegative("peakSalesPerHour", peakSalesPerHour);
        requirePercent("refillThresholdPercent", refillThresholdPercent);
        requireNonNegative("refillVisitsPerHour", refillVisitsPerHour);
        requirePositive("refillVisitDuration", refillVisitDuration);
        requirePercent("lowLevelPercent", lowLevelPercent);
        requireNonNegative("warningsPerDay", warningsPerDay);
        requireNonNegative("errorsPerDay", errorsPerDay);
        requireNonNegative("criticalsPerDay", criticalsPerDay);
        requirePositive("meanFaultDuration", meanFaultDuration);
        requirePositive("maxStep", maxStep);
    }

    /** Rates that make a lively but plausible fleet: refills about daily, a fault now and then. */
    public static ModelSettings defaults() {
        return new ModelSettings(0.3, 4.0, 14.0, 15.0, 0.5, Duration.ofMinutes(15), 20.0,
                2.0, 0.5, 0.1, Duration.ofMinutes(20), Duration.ofHours(1));
    }

    /** A copy with other fault rates, per machine per day. */
    public ModelSettings withFaultRates(double warnings, double errors, double criticals) {
        return new ModelSettings(nightSalesPerHour, daySalesPerHour, peakSalesPerHour, refillThresholdPercent,
                refillVisitsPerHour, refillVisitDuration, lowLevelPercent, warnings, errors, criticals,
                meanFaultDuration, maxStep);
    }

    private static void requireNonNegative(String name, double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
    }

    private static void requirePercent(String name, double value) {
        if (!(value >= 0.0 && value <= 100.0)) {
            throw new IllegalArgumentException(name + " must be within 0..100, got " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
