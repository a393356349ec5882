package com.vendhub.realtime.broker.app;

import com.vendhub.realtime.broker.history.JdbcTelemetryHistory;
import com.vendhub.realtime.fanout.history.HistorySettings;
import com.vendhub.realtime.schema.migration.TimescaleSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Storage and history settings of {@code vendhub serve} (docs/operations.md, "TimescaleDB"; docs/protocol.md, "Summary").
 *
 * @param timescale retention and compression policies, applied where TimescaleDB is enabled
 * @param history bounds of the telemetry history endpoint
 * @param historyQueryTimeout longest a history query may run
 */
public record StorageSettings(TimescaleSettings timescale, HistorySettings history, Duration historyQueryTimeout) {

    public StorageSettings {
        Objects.requireNonNull(timescale, "timescale");
        Objects.requireNonNull(history, "history");
        if (historyQueryTimeout.isNegative() || historyQueryTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("history query timeout must be at least one second");
        }
    }

    public static StorageSettings defaults() {
        return new StorageSettings(TimescaleSettings.defaults(), HistorySettings.defaults(),
                JdbcTelemetryHistory.DEFAULT_QUERY_TIMEOUT);
    }
}
