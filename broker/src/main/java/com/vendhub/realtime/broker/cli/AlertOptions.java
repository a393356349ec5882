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

    private static final AlertSettings DEFAULTS = AlertSettings.defaults();
    private static final ForecastSettings FORECAST = DEFAULTS.forecast();

    @Option(names = "--low-level-threshold", description = "A bunker below this percentage raises inventory:low.")
    double threshold = DEFAULTS.rules().defaultThreshold();

    @Option(names = "--low-level-threshold-for", split = ",", splitSynopsisLabel = ",",
            description = "Per-ingredient threshold, <ingredientId|ingredientName>=<percent>; repeatable, or "
                    + "comma-separated (e.g. 'Cups=10,Coffee beans=25').")
    List<String> thresholdsFor;

    @Option(names = "--low-level-hysteresis",
            description = "An alert clears at threshold + this many percentage points, or on a refill.")
    double hysteresis = DEFAULTS.hysteresis();

    @Option(names = "--refill-jump",
            description = "A level rising by this many percentage points between two readings is a refill.")
    double refillJump = FORECAST.refillJumpPercent();

    @Option(names = "--alert-refresh-interval",
            description = "How often, at most, an active alert's stored level and emptyAt are updated.")
    Duration refreshInterval = DEFAULTS.refreshInterval();

    @Option(names = "--forecast-window",
            description = "emptyAt is fitted over the samples of this last stretch since the last refill.")
    Duration forecastWindow = FORECAST.window();

    @Option(names = "--forecast-max-samples", description = "Samples kept in memory per bunker, spread over the window.")
    int forecastMaxSamples = FORECAST.maxSamples();

    @Option(names = "--forecast-min-samples", description = "Fewer samples give no forecast.")
    int forecastMinSamples = FORECAST.minSamples();

    @Option(names = "--forecast-min-span", description = "Samples spanning less time give no forecast.")
    Duration forecastMinSpan = FORECAST.minSpan();

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
                        refillJump, FORECAST.maxHorizon()));
    }
}
