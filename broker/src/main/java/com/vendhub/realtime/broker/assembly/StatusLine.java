package com.vendhub.realtime.broker.assembly;

import com.vendhub.realtime.ingest.pipeline.IngestCounters;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a one-line summary of the whole pipeline every few seconds, so a person sees it is alive: the ingest
 * counters with their rates, then what the process kind adds ({@code vendhub serve}: its Socket.IO clients;
 * {@code vendhub ingest}: its broker session and publish drops).
 */
public final class StatusLine implements AutoCloseable {

    /** How often {@code serve} and {@code ingest} log it unless told otherwise ({@code --status-interval}). */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger("vendhub.status");

    private final Supplier<IngestCounters> ingest;
    private final LongSupplier machines;
    private final Supplier<String> more;
    private final ScheduledExecutorService timer;
    private IngestCounters previous;
    private long previousNanos;

    /** @param more the process kind's part of the line, after the ingest counters */
    public StatusLine(Supplier<IngestCounters> ingest, LongSupplier machines, Supplier<String> more) {
        this.ingest = ingest;
        this.machines = machines;
        this.more = more;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status-line");
            t.setDaemon(true);
            return t;
        });
    }

    public void start(Duration every) {
        previous = ingest.get();
        previousNanos = System.nanoTime();
        timer.scheduleAtFixedRate(this::log, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The summary line; separate from logging so it can be read in tests. */
    String line() {
        IngestCounters now = ingest.get();
        long nanos = System.nanoTime();
        double seconds = Math.max(1e-3, (nanos - previousNanos) / 1e9);
        double inRate = (now.received() - previous.received()) / seconds;
        double storedRate = (now.committed() - previous.committed()) / seconds;
        previous = now;
        previousNanos = nanos;
        return String.format("machines online %d/%d | messages in %d (%.0f/s), stored %d (%.0f/s), rejected %d, "
                        + "queued %d | %s",
                now.machinesOnline(), machines.getAsLong(), now.received(), inRate, now.committed(), storedRate,
                now.rejected(), now.queued(), more.get());
    }

    private void log() {
        try {
            LOG.info(line());
        } catch (RuntimeException e) {
            LOG.warn("status line failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
