package com.vendhub.realtime.ingest.store;

import com.vendhub.realtime.ingest.ack.CommitListener;
import com.vendhub.realtime.ingest.ack.CommitNotifier;
import com.vendhub.realtime.ingest.ack.CommittedReadings;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.model.MachineError;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes validated readings to {@code telemetry}, {@code bunker_levels}, {@code machine_errors}
 * and {@code machine_latest} in batched transactions. One writer thread; callers only enqueue.
 * Every insert is {@code ON CONFLICT DO NOTHING}, so a redelivered reading never makes a second row
 * (contract, "Delivery guarantees"); {@code machine_latest} is only replaced by a newer reading.
 */
public final class TelemetryBatchWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryBatchWriter.class);

    private static final String INSERT_ERROR =
            "INSERT INTO machine_errors (machine_id, occurred_at, code, message, severity, reported_at) "
            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String UPSERT_LATEST =
            "INSERT INTO machine_latest (machine_id, ts, telemetry, updated_at) VALUES (?, ?, ?::jsonb, ?) "
            + "ON CONFLICT (machine_id) DO UPDATE SET ts = excluded.ts, telemetry = excluded.telemetry, "
            + "updated_at = excluded.updated_at WHERE machine_latest.ts < excluded.ts";

    /** A reading waiting to be written, the time the broker handed it over, and where it ends in the spool (-1: none). */
    public record PendingReading(MachineTelemetry telemetry, Instant receivedAt, long spoolEnd) {

        /** A reading that is not in a spool. */
        public PendingReading(MachineTelemetry telemetry, Instant receivedAt) {
            this(telemetry, receivedAt, -1);
        }
    }

    private final DataSource dataSource;
    private final BatchSettings settings;
    private final Clock clock;
    private final WireJson json;
    private final ReadingQueue queue;
    private final Thread thread;
    private final CommitNotifier acks;
    // Writer thread only: the batch's rows in COPY text, written straight into the tables, or through
    // staging tables when a reading is already stored (a redelivery).
    private final CopyText rows = new CopyText();
    private final DirectCopy direct = new DirectCopy();
    private final StagedCopy staged = new StagedCopy();
    // Writer thread only: newest reading per machine not yet in machine_latest, and when each
    // machine's row was last written (one entry per machine: bounded by the fleet).
    private final Map<java.util.UUID, PendingReading> latestPending = new HashMap<>();
    private final Map<java.util.UUID, Long> latestWrittenAt = new HashMap<>();
    private final List<java.util.UUID> latestWritten = new ArrayList<>();
    private volatile boolean running = true;

    private final AtomicLong committed = new AtomicLong();
    private final Counter committedCounter;
    private final Counter dbErrors;
    private final DistributionSummary batchSizes;
    private final Timer commitTimer;
    private final Timer lagTimer;
    private final Counter redeliveredBatches;

    public TelemetryBatchWriter(DataSource dataSource, BatchSettings settings, WireJson json, Clock clock,
                                MeterRegistry metrics) {
        this(dataSource, settings, json, clock, metrics, CommitListener.NONE);
    }

    /** As above, telling {@code commitListener} after each commit which readings it stored. */
    public TelemetryBatchWriter(DataSource dataSource, BatchSettings settings, WireJson json, Clock clock,
                                MeterRegistry metrics, CommitListener commitListener) {
        this(dataSource, settings, json, clock, metrics, commitListener,
                new MemoryReadingQueue(settings.queueCapacity(), metrics));
    }

    /** As above, with the queue in front of the writer given (e.g. the crash-safe spool). */
    public TelemetryBatchWriter(DataSource dataSource, BatchSettings settings, WireJson json, Clock clock,
                                MeterRegistry metrics, CommitListener commitListener, ReadingQueue queue) {
        this.dataSource = dataSource;
        this.queue = queue;
        this.acks = new CommitNotifier(commitListener, settings.ackQueueBatches(), metrics);
        this.redeliveredBatches = Counter.builder("vendhub.ingest.batch.redelivered")
                .description("Batches written through the staging tables because they held a reading already stored")
                .register(metrics);
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.committedCounter = Counter.builder("vendhub.ingest.readings.committed")
                .description("Readings committed to the database (including redeliveries ignored as duplicates)")
                .register(metrics);
        this.dbErrors = Counter.builder("vendhub.ingest.db.errors")
                .description("Failed batch transactions (each is retried)")
                .register(metrics);
        this.batchSizes = DistributionSummary.builder("vendhub.ingest.batch.size").register(metrics);
        this.commitTimer = Timer.builder("vendhub.ingest.batch.commit").register(metrics);
        this.lagTimer = Timer.builder("vendhub.ingest.lag")
                .description("From the broker's hand-off to the commit of the reading")
                .publishPercentiles(0.5, 0.99)
                .register(metrics);
        Gauge.builder("vendhub.ingest.queue.depth", queue, ReadingQueue::depth).register(metrics);
        Gauge.builder("vendhub.ingest.queue.capacity", settings, BatchSettings::queueCapacity).register(metrics);
        this.thread = new Thread(this::run, "telemetry-batch-writer");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * Enqueues a reading with its raw payload (which the spool keeps); false (counted by the queue,
     * never blocking) when it cannot be taken.
     */
    public boolean offer(MachineTelemetry telemetry, byte[] rawPayload, Instant receivedAt) {
        if (!running) {
            return false;
        }
        return queue.offer(telemetry, rawPayload, receivedAt);
    }

    /** See {@link ReadingQueue#reserve}: the raw reading on disk before validation, where the queue has a spool. */
    public long reserve(java.util.UUID machineId, Instant receivedAt, byte[] rawPayload) {
        return running ? queue.reserve(machineId, receivedAt, rawPayload) : -1;
    }

    /** See {@link ReadingQueue#offerReserved}. */
    public boolean offerReserved(MachineTelemetry telemetry, Instant receivedAt, long end) {
        return queue.offerReserved(telemetry, receivedAt, end);
    }

    /** See {@link ReadingQueue#abandonReserved}. */
    public void abandonReserved(long end) {
        queue.abandonReserved(end);
    }

    /** Enqueues a reading without its raw payload (in-memory queues only need the parsed reading). */
    public boolean offer(MachineTelemetry telemetry, Instant receivedAt) {
        return offer(telemetry, null, receivedAt);
    }

    /** Readings committed since start. */
    public long committedReadings() {
        return committed.get();
    }

    public int queued() {
        return (int) Math.min(Integer.MAX_VALUE, queue.depth());
    }

    private void run() {
        List<PendingReading> batch = new ArrayList<>(settings.maxBatch());
        while (running || queue.depth() > 0) {
            try {
                if (queue.drain(batch, settings.maxBatch(), TimeUnit.MILLISECONDS.toNanos(100)) == 0) {
                    if (latestDue()) {
                        writeWithRetry(batch); // idle: bring machine_latest up to date for quiet machines
                    }
                    continue;
                }
                // The batch closes on size or when the first reading has waited maxLinger.
                long deadline = System.nanoTime() + settings.maxLinger().toNanos();
                while (batch.size() < settings.maxBatch()) {
                    long wait = deadline - System.nanoTime();
                    if (wait <= 0 || queue.drain(batch, settings.maxBatch() - batch.size(), wait) == 0) {
                        break;
                    }
                }
                writeWithRetry(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // A bug must not kill the writer thread silently: log, count, and keep draining.
                LOG.error("telemetry writer failed on a batch of {}; the batch is kept and retried", batch.size(), e);
                dbErrors.increment();
            }
        }
    }

    private void writeWithRetry(List<PendingReading> batch) throws InterruptedException {
        long backoffMillis = 50;
        while (true) {
            long start = System.nanoTime();
            try {
                write(batch);
                if (batch.isEmpty()) {
                    return;
                }
                commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                batchSizes.record(batch.size());
                committed.addAndGet(batch.size());
                committedCounter.increment(batch.size());
                Instant now = clock.instant();
                CommittedReadings committedReadings = new CommittedReadings();
                for (PendingReading r : batch) {
                    lagTimer.record(Duration.between(r.receivedAt(), now));
                    committedReadings.add(r.telemetry().machineId(), r.telemetry().timestamp());
                }
                queue.committed(batch);
                acks.committed(committedReadings.byMachine());
                return;
            } catch (SQLException e) {
                dbErrors.increment();
                // pgjdbc puts the whole rewritten batch into the message: keep the line short.
                LOG.warn("batch of {} readings not committed (SQL state {}: {}); retrying in {} ms",
                        batch.size(), e.getSQLState(), brief(e), backoffMillis);
                Thread.sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, settings.maxBackoff().toMillis());
            }
        }
    }

    /** Whether a machine's newest reading has waited past the interval for its machine_latest write. */
    private boolean latestDue() {
        long now = System.nanoTime();
        long interval = settings.latestWriteInterval().toNanos();
        for (java.util.UUID m : latestPending.keySet()) {
            Long last = latestWrittenAt.get(m);
            if (last == null || now - last >= interval) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes the batch in one transaction: first with a plain COPY into the tables; if a reading is
     * already stored (a redelivery, SQL state 23505), that transaction is rolled back and the batch is
     * written again through the staging tables, which skip stored rows.
     */
    private void write(List<PendingReading> batch) throws SQLException {
        rows.format(batch);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                write(c, batch, false);
            } catch (SQLException e) {
                if (!DirectCopy.isDuplicate(e)) {
                    throw e;
                }
                redeliveredBatches.increment();
                write(c, batch, true);
            }
        } finally {
            rows.release();
        }
    }

    private void write(Connection c, List<PendingReading> batch, boolean skipStored) throws SQLException {
        try (PreparedStatement errors = c.prepareStatement(INSERT_ERROR);
             PreparedStatement latest = c.prepareStatement(UPSERT_LATEST)) {
            int errorRows = 0;
            Map<java.util.UUID, PendingReading> newest = new HashMap<>();
            for (PendingReading r : batch) {
                MachineTelemetry t = r.telemetry();
                Timestamp ts = Timestamp.from(t.timestamp());
                for (MachineError e : t.errors()) {
                    errors.setObject(1, t.machineId());
                    errors.setTimestamp(2, Timestamp.from(e.occurredAt()));
                    errors.setString(3, e.code());
                    errors.setString(4, e.message());
                    errors.setString(5, e.severity().wire());
                    errors.setTimestamp(6, ts);
                    errors.addBatch();
                    errorRows++;
                }
                newest.merge(t.machineId(), r, (a, b) ->
                        a.telemetry().timestamp().isAfter(b.telemetry().timestamp()) ? a : b);
            }
            if (rows.telemetryRows() > 0) {
                if (skipStored) {
                    staged.write(c, rows);
                } else {
                    direct.write(c, rows);
                }
            }
            if (errorRows > 0) {
                errors.executeBatch();
            }
            // machine_latest is a copy for restarts (the live latest state is in memory): write
            // each machine's newest reading at most once per latestWriteInterval, or every batch
            // would rewrite up to maxBatch JSON documents.
            for (PendingReading r : newest.values()) {
                latestPending.merge(r.telemetry().machineId(), r, (a, b) ->
                        a.telemetry().timestamp().isAfter(b.telemetry().timestamp()) ? a : b);
            }
            long nowNanos = System.nanoTime();
            long interval = settings.latestWriteInterval().toNanos();
            latestWritten.clear();
            Timestamp now = Timestamp.from(clock.instant());
            for (PendingReading r : latestPending.values()) {
                Long last = latestWrittenAt.get(r.telemetry().machineId());
                if (last != null && nowNanos - last < interval) {
                    continue;
                }
                latestWritten.add(r.telemetry().machineId());
                latest.setObject(1, r.telemetry().machineId());
                latest.setTimestamp(2, Timestamp.from(r.telemetry().timestamp()));
                latest.setString(3, json.encodeToString(r.telemetry()));
                latest.setTimestamp(4, now);
                latest.addBatch();
            }
            if (!latestWritten.isEmpty()) {
                latest.executeBatch();
            }
            c.commit();
            for (java.util.UUID m : latestWritten) {
                latestPending.remove(m);
                latestWrittenAt.put(m, nowNanos);
            }
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        }
    }

    private static String brief(SQLException e) {
        SQLException cause = e.getNextException() != null ? e.getNextException() : e;
        String m = String.valueOf(cause.getMessage());
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; the pool discards it and the retry takes a fresh one.
        }
    }

    /** Stops accepting, writes what is queued (up to {@code timeout}), then stops the thread. */
    public void close(Duration timeout) {
        running = false;
        queue.close();
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("telemetry writer still had {} readings queued at shutdown", queue.depth());
            thread.interrupt();
        }
        acks.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
