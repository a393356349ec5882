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

    @Option(names = "--events-queue-capacity", defaultValue = "${env:VENDHUB_EVENTS_QUEUE_CAPACITY:-"
            + EventWriterSettings.DEFAULT_IMPORTANT_QUEUE_CAPACITY + "}",
            description = "Status changes and alert transitions waiting for the database; past it they are "
                    + "refused and counted (env VENDHUB_EVENTS_QUEUE_CAPACITY, default ${DEFAULT-VALUE}).")
    int importantQueueCapacity;

    @Option(names = "--dead-letter-queue-capacity", defaultValue = "${env:VENDHUB_DEAD_LETTER_QUEUE_CAPACITY:-"
            + EventWriterSettings.DEFAULT_DEAD_LETTER_QUEUE_CAPACITY + "}",
            description = "Dead letters waiting for the database, queued apart from status changes and alerts; past "
                    + "it they are counted only (env VENDHUB_DEAD_LETTER_QUEUE_CAPACITY, default ${DEFAULT-VALUE}).")
    int deadLetterQueueCapacity;

    @Option(names = "--dead-letter-budget", defaultValue = "${env:VENDHUB_DEAD_LETTER_BUDGET:-"
            + EventWriterSettings.DEFAULT_DEAD_LETTER_BUDGET_PER_MINUTE + "}",
            description = "Dead letters stored per client (machine) per minute; the rest of the minute is counted "
                    + "only, 0 stores none (env VENDHUB_DEAD_LETTER_BUDGET, default ${DEFAULT-VALUE}).")
    int deadLetterBudget;

    @Option(names = "--dead-letter-retention", defaultValue = "${env:VENDHUB_DEAD_LETTER_RETENTION:-"
            + EventWriterSettings.DEFAULT_DEAD_LETTER_RETENTION + "}",
            description = "Dead letters older than this are deleted, ISO-8601, PT0S keeps them forever "
                    + "(env VENDHUB_DEAD_LETTER_RETENTION, default ${DEFAULT-VALUE}).")
    Duration deadLetterRetention;

    @Option(names = "--dead-letter-retention-batch", defaultValue = "${env:VENDHUB_DEAD_LETTER_RETENTION_BATCH:-"
            + EventWriterSettings.DEFAULT_DEAD_LETTER_RETENTION_BATCH + "}",
            description = "Expired dead letters deleted per statement (env VENDHUB_DEAD_LETTER_RETENTION_BATCH, "
                    + "default ${DEFAULT-VALUE}).")
    int deadLetterRetentionBatch;

    @Option(names = "--dead-letter-retention-interval",
            defaultValue = "${env:VENDHUB_DEAD_LETTER_RETENTION_INTERVAL:-"
                    + EventWriterSettings.DEFAULT_DEAD_LETTER_RETENTION_INTERVAL + "}",
            description = "How often expired dead letters are deleted, ISO-8601 "
                    + "(env VENDHUB_DEAD_LETTER_RETENTION_INTERVAL, default ${DEFAULT-VALUE}).")
    Duration deadLetterRetentionInterval;

    @Option(names = "--events-drain-timeout", defaultValue = "${env:VENDHUB_EVENTS_DRAIN_TIMEOUT:-"
            + EventWriterSettings.DEFAULT_DRAIN_TIMEOUT + "}",
            description = "On shutdown, longest wait for queued status changes, alerts and dead letters to be "
                    + "written, ISO-8601; what is left is counted as lost "
                    + "(env VENDHUB_EVENTS_DRAIN_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

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
