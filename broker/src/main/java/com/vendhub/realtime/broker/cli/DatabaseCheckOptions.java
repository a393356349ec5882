package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.health.ReadinessSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The readiness check of the database, as {@code serve} and {@code fanout} run it (docs/operations.md, "Health"). */
final class DatabaseCheckOptions {

    private static final ReadinessSettings DEFAULTS = ReadinessSettings.defaults();

    @Option(names = "--db-check-interval", description = "How often readiness validates a pooled database connection.")
    Duration interval = DEFAULTS.databaseCheckInterval();

    @Option(names = "--db-down-after",
            description = "Readiness reports the database down when no check succeeded for this long; more than "
                    + "--db-check-interval.")
    Duration downAfter = DEFAULTS.databaseStaleAfter();

    @Option(names = "--db-check-timeout", description = "Longest wait of one check's validation, whole seconds.")
    Duration timeout = DEFAULTS.databaseValidTimeout();

    /** The defaults with these database check bounds. */
    ReadinessSettings settings() {
        return DEFAULTS.withDatabaseCheck(interval, downAfter, timeout);
    }
}
