package com.vendhub.realtime.fanout.history;

import java.util.List;
import java.util.Objects;

/**
 * The answer of {@link TelemetryHistory}: the points, and where they were read from ({@link #RAW} rows
 * or the {@link #HOURLY_AGGREGATE} of TimescaleDB).
 */
public record HistorySeries(String source, List<HistoryPoint> points) {

    public static final String RAW = "raw";
    public static final String HOURLY_AGGREGATE = "hourly_aggregate";

    public HistorySeries {
        Objects.requireNonNull(source, "source");
        points = List.copyOf(points);
    }
}
