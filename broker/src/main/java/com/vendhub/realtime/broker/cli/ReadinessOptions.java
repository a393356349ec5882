package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.health.ReadinessSettings;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The bounds of {@code vendhub serve}'s {@code /health/ready}: database check, backlog and ingest stall
 * (docs/operations.md, "Health"; docs/protocol.md, "Telemetry validation").
 */
final class ReadinessOptions {

    private static final ReadinessSettings DEFAULTS = ReadinessSettings.defaults();

    @Mixin
    DatabaseCheckOptions database;

    @Option(names = "--ready-backlog-fraction",
            description = "Readiness reports the backlog down at this fraction of its bound (spool bytes of "
                    + "--spool-max-bytes, or the memory queue without a spool), in (0, 1].")
    double backlogFraction = DEFAULTS.backlogReadyFraction();

    @Option(names = "--ingest-stall-after",
            description = "Readiness reports ingest down when readings have waited this long without the writer "
                    + "committing anything.")
    Duration ingestStallAfter = DEFAULTS.ingestStallAfter();

    ReadinessSettings settings() {
        return database.settings().withBacklogReadyFraction(backlogFraction).withIngestStallAfter(ingestStallAfter);
    }
}
