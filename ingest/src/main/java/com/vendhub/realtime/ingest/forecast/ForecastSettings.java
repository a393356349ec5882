package com.vendhub.realtime.ingest.forecast;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@code emptyAt} is forecast (docs/alerts-and-forecasts.md).
 *
 * @param window            only samples this recent count; older ones leave the window
 * @param maxSamples        samples kept per bunker (the memory bound); a reading is kept as a sample only
 *                          when it is at least {@code window / maxSamples} after the previous sample
 * @param minSamples        fewer samples since the last refill give no forecast
 * @param minSpan           samples spanning less time give no forecast
 * @param refillJumpPercent a level rising by at least this many percentage points of the bunker's
 *                          capacity from one reading to the next is a refill: the window starts again
 *                          (and an active alert may clear)
 * @param maxHorizon        a forecast further ahead than this is no forecast (consumption is about zero)
 */
public record ForecastSettings(Duration window, int maxSamples, int minSamples, Duration minSpan,
                               double refillJumpPercent, Duration maxHorizon) {

    public ForecastSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(minSpan, "minSpan");
        Objects.requireNonNull(maxHorizon, "maxHorizon");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("forecast window must be positive, got " + window);
        }
        if (maxSamples < 2 || maxSamples > 10_000) {
            throw new IllegalArgumentException("forecast max samples must be within 2..10000, got " + maxSamples);
        }
        if (minSamples < 2 || minSamples > maxSamples) {
            throw new IllegalArgumentException("forecast min samples must be within 2..maxSamples, got " + minSamples);
        }
        if (minSpan.isNegative() || minSpan.compareTo(window) > 0) {
            throw new IllegalArgumentException("forecast min span must be within 0..window, got " + minSpan);
        }
        if (!(refillJumpPercent > 0.0 && refillJumpPercent <= 100.0)) {
            throw new IllegalArgumentException("refill jump must be within (0, 100] percent, got " + refillJumpPercent);
        }
        if (maxHorizon.isNegative() || maxHorizon.isZero()) {
            throw new IllegalArgumentException("forecast horizon must be positive, got " + maxHorizon);
        }
    }

    /** Six hours, 48 samples (one per 7.5 minutes), at least 5 samples over 30 minutes, refill at +10 points, 30 days. */
    public static ForecastSettings defaults() {
        return new ForecastSettings(Duration.ofHours(6), 48, 5, Duration.ofMinutes(30), 10.0, Duration.ofDays(30));
    }

    /** The least time between two kept samples. */
    public long sampleSpacingMillis() {
        return Math.max(1L, window.toMillis() / maxSamples);
    }
}
