package com.vendhub.realtime.ingest.store;

import com.vendhub.realtime.schema.model.MachineTelemetry;
import java.time.Instant;
import java.util.List;

/**
 * What stands between the broker's hand-off and the batch writer: readings in, batches out, and a
 * word back once a batch is committed. In memory only ({@link MemoryReadingQueue}) or backed by the
 * crash-safe spool ({@link SpooledReadingQueue}).
 */
public interface ReadingQueue {

    /** Takes a validated reading and its raw payload; false (counted by the queue) when it cannot. Never blocks. */
    boolean offer(MachineTelemetry telemetry, byte[] rawPayload, Instant receivedAt);

    /**
     * Waits up to {@code timeoutNanos} for a first reading, then adds what is ready, up to {@code max}
     * in all; returns how many were added. Called by the writer thread only.
     */
    int drain(List<TelemetryBatchWriter.PendingReading> into, int max, long timeoutNanos) throws InterruptedException;

    /** The batch, drained earlier in this order, is committed. Called by the writer thread only. */
    void committed(List<TelemetryBatchWriter.PendingReading> batch);

    /** Readings waiting (in memory, or on disk as well for the spool), for metrics. */
    long depth();

    /** Stops accepting; what was accepted stays drainable. */
    void close();
}
