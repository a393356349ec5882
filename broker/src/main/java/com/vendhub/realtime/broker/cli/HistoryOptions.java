package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.fanout.history.HistorySettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Bounds of {@code GET /api/v1/machines/{id}/telemetry/history} (docs/protocol.md, "Summary"). */
final class HistoryOptions {

    @Option(names = "--history-max-points", defaultValue = "${env:VENDHUB_HISTORY_MAX_POINTS:-2000}",
            description = "Most buckets one history answer may span; a smaller bucket for the range is a 400 "
                    + "(env VENDHUB_HISTORY_MAX_POINTS, default ${DEFAULT-VALUE}).")
    int maxPoints = HistorySettings.DEFAULT_MAX_POINTS;

    @Option(names = "--history-query-timeout", defaultValue = "${env:VENDHUB_HISTORY_QUERY_TIMEOUT:-PT30S}",
            description = "Longest a history query may run, ISO-8601 duration "
                    + "(env VENDHUB_HISTORY_QUERY_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration queryTimeout;

    HistorySettings settings() {
        return new HistorySettings(maxPoints);
    }
}
