package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.health.ReadinessSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The bounds of {@code vendhub serve}'s {@code /health/ready}: database check and backlog (README, "Health"). */
final class ReadinessOptions {

    @Mixin
    DatabaseCheckOptions database;

    @Option(names = "--ready-backlog-fraction", defaultValue = "${env:VENDHUB_READY_BACKLOG_FRACTION:-0.9}",
            description = "Readiness reports the backlog down at this fraction of its bound (spool bytes of "
                    + "--spool-max-bytes, or the memory queue without a spool), in (0, 1] "
                    + "(env VENDHUB_READY_BACKLOG_FRACTION, default ${DEFAULT-VALUE}).")
    double backlogFraction;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    ReadinessSettings settings() {
        return database.settings(backlogFraction, command.commandLine());
    }
}
