package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.schema.migration.TimescaleSettings;
import picocli.CommandLine.Option;

/**
 * TimescaleDB policies, handed to the migrations as Flyway placeholders (docs/operations.md, "TimescaleDB"):
 * durations as every option reads them (docs/configuration.md, "Formats"), or {@code off}.
 */
final class TimescaleOptions {

    private static final TimescaleSettings DEFAULTS = TimescaleSettings.defaults();

    @Option(names = "--retention",
            description = "On TimescaleDB, drop raw time-series rows older than this duration, or off. "
                    + "Hourly aggregates are kept.")
    String retention = TimescaleSettings.ageText(DEFAULTS.retention());

    @Option(names = "--compress-after",
            description = "On TimescaleDB, compress chunks older than this duration, or off.")
    String compressAfter = TimescaleSettings.ageText(DEFAULTS.compressAfter());

    TimescaleSettings settings() {
        return new TimescaleSettings(TimescaleSettings.parseAge(retention), TimescaleSettings.parseAge(compressAfter));
    }
}
