package com.vendhub.realtime.ingest.alerts;

import com.vendhub.realtime.ingest.forecast.ForecastSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Low-level alert and forecast settings (docs/alerts-and-forecasts.md).
 *
 * @param rules           thresholds: the default and per-ingredient overrides
 * @param hysteresis      an active alert clears once the level is at least threshold + this many
 *                        percentage points (default 5: clears at 25 % with the default 20 %)
 * @param refreshInterval how often, at most, an active alert's stored level and {@code emptyAt} are
 *                        brought up to date (reading time), so the alerts API shows a recent forecast
 * @param forecast        how {@code emptyAt} is forecast; its refill jump is also the refill rule
 */
public record AlertSettings(LowLevelRules rules, double hysteresis, Duration refreshInterval,
                            ForecastSettings forecast) {

    public static final double DEFAULT_THRESHOLD = 20.0;
    public static final double DEFAULT_HYSTERESIS = 5.0;

    public AlertSettings {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(refreshInterval, "refreshInterval");
        Objects.requireNonNull(forecast, "forecast");
        if (!(hysteresis >= 0.0 && hysteresis <= 100.0)) {
            throw new IllegalArgumentException("hysteresis must be within 0..100 percentage points, got " + hysteresis);
        }
        if (refreshInterval.isNegative()) {
            throw new IllegalArgumentException("alert refresh interval must not be negative, got " + refreshInterval);
        }
    }

    /** 20 %, no overrides, clears at 25 %, refreshed at most once a minute, default forecast. */
    public static AlertSettings defaults() {
        return new AlertSettings(new LowLevelRules(DEFAULT_THRESHOLD, Map.of()), DEFAULT_HYSTERESIS,
                Duration.ofMinutes(1), ForecastSettings.defaults());
    }
}
