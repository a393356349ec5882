package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.schema.migration.TimescaleSettings;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** TimescaleDB policies, handed to the migrations as Flyway placeholders (docs/operations.md, "TimescaleDB"). */
final class TimescaleOptions {

    private static final TimescaleSettings DEFAULTS = TimescaleSettings.defaults();

    @Option(names = "--retention",
            description = "On TimescaleDB, drop raw time-series rows older than this: 365d, 12h, 2w, P30D or off. "
                    + "Hourly aggregates are kept.")
    String retention = age(DEFAULTS.retention());

    @Option(names = "--compress-after", description = "On TimescaleDB, compress chunks older than this, or off.")
    String compressAfter = age(DEFAULTS.compressAfter());

    TimescaleSettings settings() {
        return new TimescaleSettings(TimescaleSettings.parseAge(retention), TimescaleSettings.parseAge(compressAfter));
    }

    /** A policy age as {@link TimescaleSettings#parseAge} reads it back: whole days as {@code 365d}. */
    private static String age(Optional<Duration> age) {
        return age.map(d -> d.toSeconds() % 86_400 == 0 ? d.toDays() + "d" : d.toString()).orElse("off");
    }
}
