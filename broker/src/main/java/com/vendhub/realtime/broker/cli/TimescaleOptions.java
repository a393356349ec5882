package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.schema.migration.TimescaleSettings;
import picocli.CommandLine.Option;

/** TimescaleDB policies, handed to the migrations as Flyway placeholders (docs/operations.md, "TimescaleDB"). */
final class TimescaleOptions {

    @Option(names = "--retention", defaultValue = "${env:VENDHUB_RETENTION:-365d}",
            description = "On TimescaleDB, drop raw time-series rows older than this: 365d, 12h, 2w, P30D or off "
                    + "(env VENDHUB_RETENTION, default ${DEFAULT-VALUE}). Hourly aggregates are kept.")
    String retention;

    @Option(names = "--compress-after", defaultValue = "${env:VENDHUB_COMPRESS_AFTER:-7d}",
            description = "On TimescaleDB, compress chunks older than this, or off "
                    + "(env VENDHUB_COMPRESS_AFTER, default ${DEFAULT-VALUE}).")
    String compressAfter;

    TimescaleSettings settings() {
        return new TimescaleSettings(TimescaleSettings.parseAge(retention), TimescaleSettings.parseAge(compressAfter));
    }
}
