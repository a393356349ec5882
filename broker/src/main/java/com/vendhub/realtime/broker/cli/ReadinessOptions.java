package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.health.ReadinessSettings;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The bounds of {@code vendhub serve}'s {@code /health/ready}: database check, backlog and ingest stall
 * (docs/operations.md, "Health"; docs/protocol.md, "Telemetry validation").
 */
final class ReadinessOptions {

    @Mixin
    DatabaseCheckOptions database;

    @Option(names = "--ready-backlog-fraction", defaultValue = "${env:VENDHUB_READY_BACKLOG_FRACTION:-0.9}",
            description = "Readiness reports the backlog down at this fraction of its bound (spool bytes of "
                    + "--spool-max-bytes, or the memory queue without a spool), in (0, 1] "
                    + "(env VENDHUB_READY_BACKLOG_FRACTION, default ${DEFAULT-VALUE}).")
    double backlogFraction;

    @Option(names = "--ingest-stall-after",
            defaultValue = "${env:VENDHUB_INGEST_STALL_AFTER:-" + ReadinessSettings.DEFAULT_INGEST_STALL_AFTER + "}",
            description = "Readiness reports ingest down when readings have waited this long without the writer "
                    + "committing anything, ISO-8601 (env VENDHUB_INGEST_STALL_AFTER, default ${DEFAULT-VALUE}).")
    Duration ingestStallAfter;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    ReadinessSettings settings() {
        try {
            return database.settings(backlogFraction, command.commandLine()).withIngestStallAfter(ingestStallAfter);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "Invalid readiness settings: " + e.getMessage());
        }
    }
}
