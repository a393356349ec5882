package com.vendhub.realtime.ingest.store;

import com.vendhub.realtime.schema.metrics.SharedMetricNames;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * A bounded in-memory queue: a process crash loses what it holds, and a full queue refuses. Used
 * where the source redelivers what is not acknowledged (the cluster worker acks its broker after
 * commit) or when no spool is configured.
 */
public final class MemoryReadingQueue implements ReadingQueue {

    private final BlockingQueue<TelemetryBatchWriter.PendingReading> queue;
    private final Counter refused;
    private volatile boolean open = true;
    private final RefusalLog refusals = new RefusalLog(LoggerFactory.getLogger(MemoryReadingQueue.class), 10,
            TimeUnit.SECONDS);

    public MemoryReadingQueue(int capacity, MeterRegistry metrics) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.refused = Counter.builder(SharedMetricNames.INGEST_QUEUE_FULL)
                .description("Readings refused because the write queue was at its capacity").register(metrics);
    }

    @Override
    public boolean offer(MachineTelemetry telemetry, byte[] rawPayload, Instant receivedAt) {
        if (open && queue.offer(new TelemetryBatchWriter.PendingReading(telemetry, receivedAt))) {
            return true;
        }
        refused.increment();
        refusals.refused(() -> "write queue full (" + queue.size() + " readings)");
        return false;
    }

    @Override
    public int drain(List<TelemetryBatchWriter.PendingReading> into, int max, long timeoutNanos)
            throws InterruptedException {
        TelemetryBatchWriter.PendingReading first = queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        if (first == null) {
            return 0;
        }
        into.add(first);
        return 1 + queue.drainTo(into, max - 1);
    }

    @Override
    public void committed(List<TelemetryBatchWriter.PendingReading> batch) {
        // Nothing to release: the readings left memory when they were drained.
    }

    @Override
    public long depth() {
        return queue.size();
    }

    @Override
    public void close() {
        open = false;
    }
}
