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

    /** What {@link #reserve} answers for a queue without a spool: nothing reserved, use {@link #offer}. */
    long NOT_SPOOLED = -2;

    /**
     * Keeps a reading's raw bytes before anyone has validated them (the broker's hand-off thread does
     * this, so that a reading the broker acknowledged is on disk at once); returns where its record
     * ends, -1 when refused (counted), or {@link #NOT_SPOOLED}. Never blocks.
     */
    default long reserve(java.util.UUID machineId, Instant receivedAt, byte[] rawPayload) {
        return NOT_SPOOLED;
    }

    /** Takes the validated reading of a record {@link #reserve} kept, ending at {@code end}. Never blocks. */
    default boolean offerReserved(MachineTelemetry telemetry, Instant receivedAt, long end) {
        throw new UnsupportedOperationException("this queue reserves nothing");
    }

    /**
     * The reading reserved up to {@code end} will not be offered (no room to validate it now): the
     * writer reads it back from the spool instead, validating it there.
     */
    default void abandonReserved(long end) {
    }

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
