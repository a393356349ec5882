package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.ingest.alerts.AlertSettings;
import com.vendhub.realtime.ingest.alerts.LowLevelRules;
import com.vendhub.realtime.ingest.forecast.ForecastSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Low-level alerts and the {@code emptyAt} forecast (docs/alerts-and-forecasts.md). */
final class AlertOptions {

    @Option(names = "--low-level-threshold", defaultValue = "${env:VENDHUB_LOW_LEVEL_THRESHOLD:-20}",
            description = "A bunker below this percentage raises inventory:low "
                    + "(env VENDHUB_LOW_LEVEL_THRESHOLD, default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--low-level-threshold-for", split = ",", splitSynopsisLabel = ",",
            defaultValue = "${env:VENDHUB_LOW_LEVEL_THRESHOLDS}",
            description = "Per-ingredient threshold, <ingredientId|ingredientName>=<percent>; repeatable, or "
                    + "comma-separated (env VENDHUB_LOW_LEVEL_THRESHOLDS, e.g. 'Cups=10,Coffee beans=25').")
    List<String> thresholdsFor;

    @Option(names = "--low-level-hysteresis", defaultValue = "${env:VENDHUB_LOW_LEVEL_HYSTERESIS:-5}",
            description = "An alert clears at threshold + this many percentage points, or on a refill "
                    + "(env VENDHUB_LOW_LEVEL_HYSTERESIS, default ${DEFAULT-VALUE}).")
    double hysteresis;

    @Option(names = "--refill-jump", defaultValue = "${env:VENDHUB_REFILL_JUMP:-10}",
            description = "A level rising by this many percentage points between two readings is a refill "
                    + "(env VENDHUB_REFILL_JUMP, default ${DEFAULT-VALUE}).")
    double refillJump;

    @Option(names = "--alert-refresh-interval", defaultValue = "${env:VENDHUB_ALERT_REFRESH_INTERVAL:-PT1M}",
            description = "How often, at most, an active alert's stored level and emptyAt are updated "
                    + "(env VENDHUB_ALERT_REFRESH_INTERVAL, default ${DEFAULT-VALUE}).")
    Duration refreshInterval;

    @Option(names = "--forecast-window", defaultValue = "${env:VENDHUB_FORECAST_WINDOW:-PT6H}",
            description = "emptyAt is fitted over the samples of this last stretch since the last refill "
                    + "(env VENDHUB_FORECAST_WINDOW, default ${DEFAULT-VALUE}).")
    Duration forecastWindow;

    @Option(names = "--forecast-max-samples", defaultValue = "${env:VENDHUB_FORECAST_MAX_SAMPLES:-48}",
            description = "Samples kept in memory per bunker, spread over the window "
                    + "(env VENDHUB_FORECAST_MAX_SAMPLES, default ${DEFAULT-VALUE}).")
    int forecastMaxSamples;

    @Option(names = "--forecast-min-samples", defaultValue = "${env:VENDHUB_FORECAST_MIN_SAMPLES:-5}",
            description = "Fewer samples give no forecast (env VENDHUB_FORECAST_MIN_SAMPLES, default ${DEFAULT-VALUE}).")
    int forecastMinSamples;

    @Option(names = "--forecast-min-span", defaultValue = "${env:VENDHUB_FORECAST_MIN_SPAN:-PT30M}",
            description = "Samples spanning less time give no forecast "
                    + "(env VENDHUB_FORECAST_MIN_SPAN, default ${DEFAULT-VALUE}).")
    Duration forecastMinSpan;

    AlertSettings settings() {
        Map<String, Double> overrides = new LinkedHashMap<>();
        if (thresholdsFor != null) {
            for (String entry : thresholdsFor) {
                if (!entry.isBlank()) {
                    Map.Entry<String, Double> parsed = LowLevelRules.parseOverride(entry);
                    overrides.put(parsed.getKey(), parsed.getValue());
                }
            }
        }
        return new AlertSettings(new LowLevelRules(threshold, overrides), hysteresis, refreshInterval,
                new ForecastSettings(forecastWindow, forecastMaxSamples, forecastMinSamples, forecastMinSpan,
                        refillJump, ForecastSettings.defaults().maxHorizon()));
    }
}
