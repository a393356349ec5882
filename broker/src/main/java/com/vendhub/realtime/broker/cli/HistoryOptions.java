package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.app.StorageSettings;
import com.vendhub.realtime.fanout.history.HistorySettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Bounds of {@code GET /api/v1/machines/{id}/telemetry/history} (docs/protocol.md, "Summary"). */
final class HistoryOptions {

    private static final StorageSettings DEFAULTS = StorageSettings.defaults();

    @Option(names = "--history-max-points",
            description = "Most buckets one history answer may span; a smaller bucket for the range is a 400.")
    int maxPoints = DEFAULTS.history().maxPoints();

    @Option(names = "--history-query-timeout", description = "Longest a history query may run.")
    Duration queryTimeout = DEFAULTS.historyQueryTimeout();

    HistorySettings settings() {
        return new HistorySettings(maxPoints);
    }
}
