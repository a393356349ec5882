package com.vendhub.realtime.fanout.history;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Stored telemetry of one machine in time buckets; implemented by the composition root over the
 * database. Called on the worker pool, so it may block.
 */
public interface TelemetryHistory {

    /** A node without a database to ask: the endpoint answers 404 "not available". */
    TelemetryHistory NONE = (machineId, from, to, bucket) -> {
        throw new UnsupportedOperationException("telemetry history is not available on this node");
    };

    /**
     * Buckets of {@code bucket} width, aligned to {@link #BUCKET_ORIGIN}, holding the readings with
     * {@code from <= ts < to}, oldest first; buckets without readings are left out.
     */
    HistorySeries buckets(UUID machineId, Instant from, Instant to, Duration bucket);

    /** Where every bucket grid starts (a midnight, so hour and day buckets fall on whole hours and days, UTC). */
    Instant BUCKET_ORIGIN = Instant.parse("2000-01-01T00:00:00Z");
}
