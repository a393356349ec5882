package com.vendhub.realtime.ingest.ack;

import com.vendhub.realtime.schema.metrics.SharedMetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link CommitListener} on its own thread, so that the batch writer starts its next
 * transaction while the previous batch's acknowledgements go out (one broker publish per machine in
 * the batch: as much work as the transaction itself at 1,000 machines). At most {@code capacity}
 * committed batches wait; past that the writer waits too (counted), since an acknowledgement may be
 * late but must not be lost while the process lives.
 */
public final class CommitNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommitNotifier.class);
    private static final Map<UUID, List<Instant>> STOP = Map.of();

    private final CommitListener listener;
    private final BlockingQueue<Map<UUID, List<Instant>>> pending;
    private final Thread thread;
    private final Counter waits;
    private final Counter errors;

    public CommitNotifier(CommitListener listener, int capacity, MeterRegistry metrics) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.listener = listener;
        this.pending = new ArrayBlockingQueue<>(capacity);
        this.waits = Counter.builder("vendhub.ingest.ack.queue.full")
                .description("Times the batch writer waited because committed batches' acknowledgements were still queued")
                .register(metrics);
        this.errors = Counter.builder(SharedMetricNames.INGEST_ACK_ERRORS)
                .description("Commit acknowledgements that failed to go out (the rows are committed)")
                .register(metrics);
        Gauge.builder("vendhub.ingest.ack.queue.depth", pending, BlockingQueue::size).register(metrics);
        this.thread = new Thread(this::run, "commit-acks");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues one committed batch's readings; waits while {@code capacity} batches are queued. */
    public void committed(Map<UUID, List<Instant>> timestampsByMachine) throws InterruptedException {
        if (!pending.offer(timestampsByMachine)) {
            waits.increment();
            pending.put(timestampsByMachine);
        }
    }

    private void run() {
        while (true) {
            Map<UUID, List<Instant>> next;
            try {
                next = pending.take();
            } catch (InterruptedException e) {
                return;
            }
            if (next == STOP) {
                return;
            }
            try {
                listener.committed(next);
            } catch (RuntimeException e) {
                // The rows are committed; a device that misses its ack republishes and is acked then.
                errors.increment();
                LOG.warn("commit acknowledgement failed: {}", e.toString());
            }
        }
    }

    /** Sends what is queued (up to {@code timeout}), then stops the thread. */
    public void close(Duration timeout) {
        try {
            if (pending.offer(STOP, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.join(timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{} committed batches not acknowledged at shutdown; their devices republish", pending.size());
            thread.interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
