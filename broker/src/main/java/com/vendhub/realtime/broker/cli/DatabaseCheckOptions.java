package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.health.ReadinessSettings;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The readiness check of the database, as {@code serve} and {@code fanout} run it (docs/configuration.md). */
final class DatabaseCheckOptions {

    @Option(names = "--db-check-interval", defaultValue = "${env:VENDHUB_DB_CHECK_INTERVAL:-PT1S}",
            description = "How often readiness validates a pooled database connection, ISO-8601 "
                    + "(env VENDHUB_DB_CHECK_INTERVAL, default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--db-down-after", defaultValue = "${env:VENDHUB_DB_DOWN_AFTER:-PT3S}",
            description = "Readiness reports the database down when no check succeeded for this long, ISO-8601, "
                    + "more than --db-check-interval (env VENDHUB_DB_DOWN_AFTER, default ${DEFAULT-VALUE}).")
    Duration downAfter;

    @Option(names = "--db-check-timeout", defaultValue = "${env:VENDHUB_DB_CHECK_TIMEOUT:-PT1S}",
            description = "Longest wait of one check's validation, whole seconds, ISO-8601 "
                    + "(env VENDHUB_DB_CHECK_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration timeout;

    /** The settings with this backlog fraction; values that do not fit together are a usage error. */
    ReadinessSettings settings(double backlogReadyFraction, CommandLine cli) {
        try {
            return new ReadinessSettings(interval, downAfter, timeout, backlogReadyFraction);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cli, "Invalid readiness settings: " + e.getMessage());
        }
    }
}
