package com.vendhub.realtime.schema.migration;

import java.time.Duration;
import java.util.List;

/** A time-series table of the baseline schema, which becomes a hypertable on TimescaleDB. */
record TimeSeriesTable(String name, String timeColumn, Duration chunkInterval) {

    /**
     * The four time-series tables. Telemetry and bunker levels get one-day chunks: at 10,000 machines
     * every 5 s that is about 170 M telemetry and 1 G bunker rows a day, and TimescaleDB advises chunks
     * whose recent ones fit in memory; errors and status changes are rare and keep the 7-day default.
     */
    static final List<TimeSeriesTable> ALL = List.of(
            new TimeSeriesTable("telemetry", "ts", Duration.ofDays(1)),
            new TimeSeriesTable("bunker_levels", "ts", Duration.ofDays(1)),
            new TimeSeriesTable("machine_errors", "occurred_at", Duration.ofDays(7)),
            new TimeSeriesTable("machine_status_changes", "changed_at", Duration.ofDays(7)));
}
