package com.vendhub.realtime.broker.cluster;

import com.vendhub.realtime.ingest.store.ReadingQueue;
import com.vendhub.realtime.ingest.store.TelemetryBatchWriter.PendingReading;
import com.vendhub.realtime.schema.metrics.SharedMetricNames;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import com.vendhub.realtime.schema.text.LogThrottle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster worker's queue in front of the batch writer: bounded, in memory, and each reading
 * carries the acknowledgement of the MQTT message it came in, which runs only once the reading's
 * batch has committed ({@link #committed}). A crash loses what this queue holds, and nothing else:
 * the broker still has every message not acknowledged, and sends it again when the worker's
 * persistent session resumes. So the worker needs no spool.
 *
 * <p>The acknowledgement reaches {@link #offer} without a change to the ingest pipeline: the ingest
 * thread calls {@link #handOff}, which makes it the current one while {@code TelemetryIngestor}
 * runs; the pipeline's {@code offer} takes it. A message that queued no reading (status, dead
 * letter) is told so by the result.
 */
final class AcknowledgingReadingQueue implements ReadingQueue {

    /**
     * {@code vendhub_cluster_broker_ack_errors_total}: acknowledgements to the MQTT broker that threw, counted by
     * this queue (after a commit) and by {@link SharedSubscriptionSession} (statuses and dead letters).
     */
    static final String BROKER_ACK_ERRORS = "vendhub.cluster.broker.ack.errors";

    private static final Logger LOG = LoggerFactory.getLogger(AcknowledgingReadingQueue.class);

    /** What {@link #handOff} did with a message. */
    enum Outcome {
        /** A reading was queued; its acknowledgement runs after its batch commits. */
        QUEUED,
        /** No reading was queued (a status, a dead letter): the caller acknowledges now. */
        NOT_QUEUED,
        /** The queue refused the reading (closed, or full): not acknowledged, the broker sends it again. */
        REFUSED
    }

    private record Entry(PendingReading reading, Runnable ack) {
    }

    private final BlockingQueue<Entry> queue;
    // Writer thread only: entries drained and not yet committed, in drain order.
    private final ArrayDeque<Entry> drained = new ArrayDeque<>();
    private final List<Entry> scratch = new ArrayList<>();
    // Ingest thread only.
    private Runnable current;
    private boolean refusedCurrent;
    private volatile boolean open = true;
    private final Counter refused;
    private final Counter ackErrors;
    private final LogThrottle logThrottle = new LogThrottle(TimeUnit.SECONDS.toNanos(10), System::nanoTime);

    AcknowledgingReadingQueue(int capacity, MeterRegistry metrics) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.refused = Counter.builder(SharedMetricNames.INGEST_QUEUE_FULL)
                .description("Readings refused because the write queue was at its capacity").register(metrics);
        this.ackErrors = Counter.builder(BROKER_ACK_ERRORS)
                .description("Acknowledgements to the MQTT broker that threw (a bug; the reading is committed)")
                .register(metrics);
    }

    /**
     * Runs {@code ingest} (one message through the pipeline) with {@code ack} as that message's
     * acknowledgement. Ingest thread only.
     */
    Outcome handOff(Runnable ack, Runnable ingest) {
        current = ack;
        refusedCurrent = false;
        try {
            ingest.run();
            if (refusedCurrent) {
                return Outcome.REFUSED;
            }
            return current == null ? Outcome.QUEUED : Outcome.NOT_QUEUED;
        } finally {
            current = null;
        }
    }

    @Override
    public boolean offer(MachineTelemetry telemetry, byte[] rawPayload, Instant receivedAt) {
        Runnable ack = current;
        current = null;
        if (open && queue.offer(new Entry(new PendingReading(telemetry, receivedAt), ack == null ? () -> { } : ack))) {
            return true;
        }
        refusedCurrent = true;
        refused.increment();
        long suppressed = logThrottle.admit("refused");
        if (suppressed >= 0) {
            LOG.warn("write queue full or closed ({} readings): reading refused and not acknowledged, the broker "
                    + "sends it again ({} more refused since the last line)", queue.size(), suppressed);
        }
        return false;
    }

    @Override
    public int drain(List<PendingReading> into, int max, long timeoutNanos) throws InterruptedException {
        Entry first = queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        if (first == null) {
            return 0;
        }
        scratch.clear();
        scratch.add(first);
        queue.drainTo(scratch, max - 1);
        for (Entry e : scratch) {
            into.add(e.reading());
            drained.add(e);
        }
        int n = scratch.size();
        scratch.clear();
        return n;
    }

    @Override
    public void committed(List<PendingReading> batch) {
        // The writer commits exactly what it drained, in drain order (a failed batch is kept and
        // grown, never reordered), so the acknowledgements line up with the batch.
        for (PendingReading r : batch) {
            Entry e = drained.poll();
            if (e == null || e.reading() != r) {
                ackErrors.increment();
                LOG.error("committed batch does not match the drained readings; {} acknowledgements held back",
                        drained.size());
                return;
            }
            try {
                e.ack().run();
            } catch (RuntimeException ex) {
                ackErrors.increment();
                LOG.warn("acknowledging a committed reading to the broker failed: {}", ex.toString());
            }
        }
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
