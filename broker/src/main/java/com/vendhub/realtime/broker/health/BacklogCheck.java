package com.vendhub.realtime.broker.health;

import com.vendhub.realtime.ingest.spool.TelemetrySpool;
import com.vendhub.realtime.ingest.store.TelemetryBatchWriter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Whether the ingest backlog is below its bound, read from the ingest path's own gauges (the figures
 * {@code /metrics} shows): with the spool, {@code vendhub_ingest_spool_bytes} against {@code
 * vendhub_ingest_spool_max_bytes} (the memory queue overflowing into the spool is normal there); without
 * it, {@code vendhub_ingest_queue_depth} against {@code vendhub_ingest_queue_capacity}. Past {@link
 * ReadinessSettings#backlogReadyFraction()} of the bound the process is not ready: a load balancer
 * should send new work elsewhere before readings start being refused.
 */
public final class BacklogCheck {

    private final MeterRegistry meters;
    private final double fraction;

    public BacklogCheck(MeterRegistry meters, ReadinessSettings settings) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.fraction = settings.backlogReadyFraction();
    }

    /** True when the backlog is below its bound; true as well before ingest registered its gauges. */
    public boolean up() {
        Gauge spoolMax = meters.find(TelemetrySpool.MAX_BYTES_METRIC).gauge();
        Gauge spool = meters.find(TelemetrySpool.BYTES_METRIC).gauge();
        if (spoolMax != null && spool != null) {
            return spool.value() < fraction * spoolMax.value();
        }
        Gauge capacity = meters.find(TelemetryBatchWriter.QUEUE_CAPACITY_METRIC).gauge();
        Gauge depth = meters.find(TelemetryBatchWriter.QUEUE_DEPTH_METRIC).gauge();
        if (capacity != null && depth != null) {
            return depth.value() < fraction * capacity.value();
        }
        return true;
    }
}
