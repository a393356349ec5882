package com.vendhub.realtime.ingest.store;

import com.vendhub.realtime.ingest.spool.SpoolRecord;
import com.vendhub.realtime.ingest.spool.TelemetrySpool;
import com.vendhub.realtime.schema.metrics.SharedMetricNames;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every reading goes to the spool first (so it survives a {@code kill -9} and waits out a database
 * outage on disk), and, while the writer keeps up, also to a bounded memory queue so that the writer
 * need not parse it again. When the memory queue is full (the database is slow or down), later
 * readings stay on disk only; the writer drains memory, then reads the spool from where memory
 * ended until it has caught up, and memory is used again. After a restart the writer starts at the
 * spool's committed position. Replay is at least once; the idempotent rows make it exactly once in
 * the tables, and spool order is arrival order.
 */
public final class SpooledReadingQueue implements ReadingQueue {

    /** Counter {@code vendhub_ingest_queue_overflow_total}: readings kept on disk only (the benchmark reads it). */
    public static final String OVERFLOW_METRIC = "vendhub.ingest.queue.overflow";

    private static final Logger LOG = LoggerFactory.getLogger(SpooledReadingQueue.class);

    /** Turns a spooled raw payload back into a validated reading (empty: no longer valid, skipped). */
    @FunctionalInterface
    public interface Decoder {
        Optional<MachineTelemetry> decode(UUID machineId, byte[] payload);
    }

    private final TelemetrySpool spool;
    private final Decoder decoder;
    private final int memoryCapacity;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<TelemetryBatchWriter.PendingReading> memory;
    private final List<SpoolRecord> scratch = new ArrayList<>();
    private boolean overflow;
    private long readPosition;
    private volatile boolean open = true;
    private final RefusalLog refusals = new RefusalLog(LOG, 10, TimeUnit.SECONDS);

    private final Counter refused;
    private final Counter diskOnly;
    private final Counter replayed;
    private final Counter undecodable;

    public SpooledReadingQueue(TelemetrySpool spool, int memoryCapacity, Decoder decoder, MeterRegistry metrics) {
        this.spool = spool;
        this.decoder = decoder;
        this.memoryCapacity = memoryCapacity;
        this.nanoTime = System::nanoTime;
        this.memory = new ArrayDeque<>(Math.min(memoryCapacity, 1 << 16));
        this.readPosition = spool.committedPosition();
        this.overflow = readPosition != spool.appendPosition();
        this.refused = Counter.builder(SharedMetricNames.INGEST_QUEUE_FULL)
                .description("Readings refused because the spool was full (or the disk failed)").register(metrics);
        this.diskOnly = Counter.builder(OVERFLOW_METRIC)
                .description("Readings kept on disk only because the memory queue was full").register(metrics);
        this.replayed = Counter.builder("vendhub.ingest.spool.replayed")
                .description("Readings read back from the spool (overflow or recovery)").register(metrics);
        this.undecodable = Counter.builder("vendhub.ingest.spool.undecodable")
                .description("Spooled readings no longer valid on replay, skipped").register(metrics);
    }

    @Override
    public boolean offer(MachineTelemetry telemetry, byte[] rawPayload, Instant receivedAt) {
        long end = reserve(telemetry.machineId(), receivedAt, rawPayload);
        return end >= 0 && offerReserved(telemetry, receivedAt, end);
    }

    @Override
    public long reserve(UUID machineId, Instant receivedAt, byte[] rawPayload) {
        long end = open ? spool.append(machineId, receivedAt, rawPayload) : -1;
        if (end < 0) {
            refused.increment();
            refusals.refused(() -> "spool full or failing (" + spool.bytes() + " bytes on disk)");
        }
        return end;
    }

    @Override
    public boolean offerReserved(MachineTelemetry telemetry, Instant receivedAt, long end) {
        lock.lock();
        try {
            if (end <= readPosition) {
                return true; // the writer already read it back from the spool (it overflowed meanwhile)
            }
            if (!overflow && memory.size() < memoryCapacity) {
                memory.add(new TelemetryBatchWriter.PendingReading(telemetry, receivedAt, end));
            } else {
                overflow = true;
                diskOnly.increment();
            }
            ready.signal();
        } finally {
            lock.unlock();
        }
        return true;
    }

    @Override
    public void abandonReserved(long end) {
        lock.lock();
        try {
            if (end > readPosition) {
                overflow = true;
                diskOnly.increment();
                ready.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int drain(List<TelemetryBatchWriter.PendingReading> into, int max, long timeoutNanos)
            throws InterruptedException {
        long deadline = nanoTime.getAsLong() + timeoutNanos;
        while (true) {
            lock.lock();
            try {
                if (!memory.isEmpty()) {
                    int n = 0;
                    TelemetryBatchWriter.PendingReading last = null;
                    while (n < max && !memory.isEmpty()) {
                        last = memory.poll();
                        into.add(last);
                        n++;
                    }
                    readPosition = last.spoolEnd();
                    return n;
                }
                if (!overflow) {
                    long remaining = deadline - nanoTime.getAsLong();
                    if (remaining <= 0) {
                        return 0;
                    }
                    ready.awaitNanos(remaining);
                    continue;
                }
            } finally {
                lock.unlock();
            }
            int added = readFromDisk(into, max);
            if (added > 0) {
                return added;
            }
            lock.lock();
            try {
                if (memory.isEmpty() && readPosition == spool.appendPosition()) {
                    overflow = false; // caught up: new readings go to memory again
                    continue;
                }
                long remaining = deadline - nanoTime.getAsLong();
                if (remaining <= 0) {
                    return 0;
                }
                ready.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(1)));
            } finally {
                lock.unlock();
            }
        }
    }

    private int readFromDisk(List<TelemetryBatchWriter.PendingReading> into, int max) {
        scratch.clear();
        long position = spool.read(readPosition, max, scratch);
        int added = 0;
        for (SpoolRecord r : scratch) {
            replayed.increment();
            Optional<MachineTelemetry> t = decoder.decode(r.machineId(), r.payload());
            if (t.isPresent()) {
                into.add(new TelemetryBatchWriter.PendingReading(t.get(), r.receivedAt(), r.end()));
                added++;
            } else {
                undecodable.increment();
            }
        }
        readPosition = position;
        return added;
    }

    @Override
    public void committed(List<TelemetryBatchWriter.PendingReading> batch) {
        if (!batch.isEmpty()) {
            spool.committed(batch.get(batch.size() - 1).spoolEnd());
        }
    }

    @Override
    public long depth() {
        lock.lock();
        try {
            return memory.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        open = false;
    }
}
