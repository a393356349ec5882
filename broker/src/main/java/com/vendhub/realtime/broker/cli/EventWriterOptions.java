package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.ingest.EventWriterSettings;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The events writer's bounds (status history, alert transitions, dead letters) and the dead letters' budget
 * and retention (docs/architecture.md, "The events writer: two lanes"), shared by {@code serve} and {@code ingest}.
 */
final class EventWriterOptions {

    private static final EventWriterSettings DEFAULTS = EventWriterSettings.defaults();

    @Option(names = "--events-queue-capacity",
            description = "Status changes and alert transitions waiting for the database; past it they are refused "
                    + "and counted.")
    int importantQueueCapacity = DEFAULTS.importantQueueCapacity();

    @Option(names = "--dead-letter-queue-capacity",
            description = "Dead letters waiting for the database, queued apart from status changes and alerts; past "
                    + "it they are counted only.")
    int deadLetterQueueCapacity = DEFAULTS.deadLetterQueueCapacity();

    @Option(names = "--dead-letter-budget",
            description = "Dead letters stored per client (machine) per minute; the rest of the minute is counted "
                    + "only, 0 stores none.")
    int deadLetterBudget = DEFAULTS.deadLetterBudgetPerMinute();

    @Option(names = "--dead-letter-retention", description = "Dead letters older than this are deleted; PT0S keeps them forever.")
    Duration deadLetterRetention = DEFAULTS.deadLetterRetention();

    @Option(names = "--dead-letter-retention-batch", description = "Expired dead letters deleted per statement.")
    int deadLetterRetentionBatch = DEFAULTS.deadLetterRetentionBatch();

    @Option(names = "--dead-letter-retention-interval", description = "How often expired dead letters are deleted.")
    Duration deadLetterRetentionInterval = DEFAULTS.deadLetterRetentionInterval();

    @Option(names = "--events-drain-timeout",
            description = "On shutdown, longest wait for queued status changes, alerts and dead letters to be "
                    + "written; what is left is counted as lost.")
    Duration drainTimeout = DEFAULTS.drainTimeout();

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The settings; values out of range are a usage error before anything starts. */
    EventWriterSettings settings() {
        try {
            return new EventWriterSettings(importantQueueCapacity, deadLetterQueueCapacity, deadLetterBudget,
                    deadLetterRetention, deadLetterRetentionBatch, deadLetterRetentionInterval, drainTimeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
    }
}
