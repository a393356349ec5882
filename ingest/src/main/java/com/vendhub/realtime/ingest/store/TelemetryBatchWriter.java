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
 * Readings go in by {@code COPY} ({@link DirectCopy}); a batch that holds a reading already stored is
 * rolled back and written again through staging tables that skip stored rows ({@link StagedCopy}), and
 * errors are inserted {@code ON CONFLICT DO NOTHING}, so a redelivered reading never makes a second row
 * (docs/contract.md, "Delivery guarantees"); {@code machine_latest} is only replaced by a newer reading. A
 * database that is away is waited out; a batch the database refuses for a data reason is split until
 * the refused readings are found, and those go to the {@link RefusedReadingSink} (dead letters) while the
 * rest commits ({@link SqlRefusal}; docs/architecture.md, "The telemetry writer isolates refused rows").
 */
public final class TelemetryBatchWriter implements AutoCloseable {

    /** Gauge {@code vendhub_ingest_queue_depth}: readings queued for the writer (readiness reads it). */
    public static final String QUEUE_DEPTH_METRIC = "vendhub.ingest.queue.depth";
    /** Gauge {@code vendhub_ingest_queue_capacity}: the memory queue's bound (readiness reads it). */
    public static final String QUEUE_CAPACITY_METRIC = "vendhub.ingest.queue.capacity";
    /** Counter {@code vendhub_ingest_readings_committed_total} (the ingest benchmark reads it, as the next four). */
    public static final String COMMITTED_METRIC = "vendhub.ingest.readings.committed";
    /** Counter {@code vendhub_ingest_batch_redelivered_total}: batches rewritten through staging. */
    public static final String REDELIVERED_METRIC = "vendhub.ingest.batch.redelivered";
    /** Summary {@code vendhub_ingest_batch_size}: readings per committed batch. */
    public static final String BATCH_SIZE_METRIC = "vendhub.ingest.batch.size";
    /** Timer {@code vendhub_ingest_batch_commit_seconds}: one batch's transaction. */
    public static final String BATCH_COMMIT_METRIC = "vendhub.ingest.batch.commit";
    /** Timer {@code vendhub_ingest_lag_seconds}: from the broker's hand-off to the commit of the reading. */
    public static final String LAG_METRIC = "vendhub.ingest.lag";

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
    private volatile boolean running = true;
    // Written by the writer thread, read by readiness: whether it holds a batch not yet settled, and
    // when it last made progress (a commit, a refusal, or an empty queue).
    private volatile boolean holding;
    private volatile long progressAt = System.nanoTime();
    // Writer thread only: the throttle of refusal log lines.
    private long lastRefusalLine;
    private long refusalsNotLogged;
    private final RefusedReadingSink refusedSink;

    private final AtomicLong committed = new AtomicLong();
    private final Counter committedCounter;
    private final Counter dbErrors;
    private final DistributionSummary batchSizes;
    private final Timer commitTimer;
    private final Timer lagTimer;
    private final Counter redeliveredBatches;
    private final Counter isolations;
    private final Counter refusedCounter;
    private final Counter latestRefused;

    /** A reading the database refused, and the database's reason. */
    private record Refused(PendingReading reading, String reason) {
    }

    /** At most one log line about refused rows in this interval. */
    private static final long REFUSAL_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

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
        this(dataSource, settings, json, clock, metrics, commitListener, queue, RefusedReadingSink.NONE);
    }

    /** As above; {@code refusedSink} takes each reading the database refuses for a data reason (dead letters). */
    public TelemetryBatchWriter(DataSource dataSource, BatchSettings settings, WireJson json, Clock clock,
                                MeterRegistry metrics, CommitListener commitListener, ReadingQueue queue,
                                RefusedReadingSink refusedSink) {
        this.refusedSink = refusedSink;
        this.dataSource = dataSource;
        this.queue = queue;
        this.acks = new CommitNotifier(commitListener, settings.ackQueueBatches(), metrics);
        this.redeliveredBatches = Counter.builder(REDELIVERED_METRIC)
                .description("Batches written through the staging tables because they held a reading already stored")
                .register(metrics);
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.committedCounter = Counter.builder(COMMITTED_METRIC)
                .description("Readings committed to the database (including redeliveries ignored as duplicates)")
                .register(metrics);
        this.dbErrors = Counter.builder("vendhub.ingest.db.errors")
                .description("Failed batch transactions (each is retried)")
                .register(metrics);
        this.isolations = Counter.builder("vendhub.ingest.batch.isolations")
                .description("Batches the database refused for a data reason and that were split to find the readings")
                .register(metrics);
        this.refusedCounter = Counter.builder("vendhub.ingest.readings.refused")
                .description("Readings the database refused for a data reason (SQL state class 22, 23, 54), "
                        + "isolated from their batch and dead-lettered")
                .register(metrics);
        this.latestRefused = Counter.builder("vendhub.ingest.latest.refused")
                .description("machine_latest rows the database refused (the reading itself is stored)")
                .register(metrics);
        Gauge.builder("vendhub.ingest.commit.stalled.seconds", this, w -> w.stalledFor().toNanos() / 1e9)
                .description("How long readings have waited without the writer committing anything (0: no stall)")
                .register(metrics);
        this.batchSizes = DistributionSummary.builder(BATCH_SIZE_METRIC).register(metrics);
        this.commitTimer = Timer.builder(BATCH_COMMIT_METRIC).register(metrics);
        this.lagTimer = Timer.builder(LAG_METRIC)
                .description("From the broker's hand-off to the commit of the reading")
                .publishPercentiles(0.5, 0.99)
                .register(metrics);
        Gauge.builder(QUEUE_DEPTH_METRIC, queue, ReadingQueue::depth).register(metrics);
        Gauge.builder(QUEUE_CAPACITY_METRIC, settings, BatchSettings::queueCapacity).register(metrics);
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

    /**
     * How long readings have been waiting while the writer committed nothing: zero while it is idle or
     * making progress (readiness, {@code --ingest-stall-after}).
     */
    public Duration stalledFor() {
        if (!holding && queue.depth() == 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, System.nanoTime() - progressAt));
    }

    public int queued() {
        return (int) Math.min(Integer.MAX_VALUE, queue.depth());
    }

    private void run() {
        List<PendingReading> batch = new ArrayList<>(settings.maxBatch());
        while (running || queue.depth() > 0) {
            try {
                if (queue.drain(batch, settings.maxBatch(), TimeUnit.MILLISECONDS.toNanos(100)) == 0) {
                    progressAt = System.nanoTime(); // nothing waits: an idle writer is not stalled
                    if (latestDue()) {
                        writeBatch(batch); // idle: bring machine_latest up to date for quiet machines
                    }
                    continue;
                }
                holding = true;
                // The batch closes on size or when the first reading has waited maxLinger.
                long deadline = System.nanoTime() + settings.maxLinger().toNanos();
                while (batch.size() < settings.maxBatch()) {
                    long wait = deadline - System.nanoTime();
                    if (wait <= 0 || queue.drain(batch, settings.maxBatch() - batch.size(), wait) == 0) {
                        break;
                    }
                }
                writeBatch(batch);
                batch.clear();
                holding = false;
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

    /**
     * Writes the batch and settles every reading in it: stored, or refused by the database for a data
     * reason and handed to the {@link RefusedReadingSink}. A database that is away is waited out (the
     * batch is retried with backoff); a batch it refuses is split until the readings it refuses are
     * found, so that one poison reading never holds back the rest (docs/architecture.md, "The telemetry
     * writer isolates refused rows"). Then the queue
     * hears that the whole batch is done (the spool's committed marker passes it, the cluster worker
     * acknowledges every message of it) and the commit acknowledgements name the stored readings.
     */
    private void writeBatch(List<PendingReading> batch) throws InterruptedException {
        List<PendingReading> latestRows = dueLatest(batch);
        String refusal = attempt(batch, latestRows);
        if (refusal == null) {
            settled(batch, batch, List.of());
            return;
        }
        isolations.increment();
        List<PendingReading> stored = new ArrayList<>(batch.size());
        List<Refused> refused = new ArrayList<>();
        if (!batch.isEmpty()) {
            // The refusal may be the machine_latest rows' (of this batch or an earlier one): the
            // readings are tried without them first, so none is blamed for a row that is not its own.
            String rowsRefusal = attempt(batch, List.of());
            if (rowsRefusal == null) {
                stored.addAll(batch);
            } else {
                isolate(batch, rowsRefusal, stored, refused);
            }
        }
        List<PendingReading> due = dueLatest(List.of());
        if (!due.isEmpty()) {
            String latestRefusal = attempt(List.of(), due);
            if (latestRefusal != null) {
                isolateLatest(due, latestRefusal);
            }
        }
        settled(batch, stored, refused);
    }

    /** {@code part} was refused: bisects it until each refused reading is alone; the rest is committed. */
    private void isolate(List<PendingReading> part, String refusal, List<PendingReading> stored, List<Refused> refused)
            throws InterruptedException {
        if (part.size() == 1) {
            refused.add(new Refused(part.get(0), refusal));
            progressAt = System.nanoTime();
            return;
        }
        int middle = part.size() / 2;
        for (List<PendingReading> half : List.of(part.subList(0, middle), part.subList(middle, part.size()))) {
            String halfRefusal = attempt(half, List.of());
            if (halfRefusal == null) {
                stored.addAll(half);
            } else {
                isolate(half, halfRefusal, stored, refused);
            }
        }
    }

    /**
     * The {@code machine_latest} rows were refused: bisects them, and drops from the pending copy each
     * one refused alone (its reading is stored; only the copy that a restart loads is not updated).
     */
    private void isolateLatest(List<PendingReading> entries, String refusal) throws InterruptedException {
        if (entries.size() == 1) {
            PendingReading r = entries.get(0);
            latestPending.remove(r.telemetry().machineId(), r);
            latestRefused.increment();
            warnRefused("machine_latest row of machine " + r.telemetry().machineId() + " at "
                    + r.telemetry().timestamp() + " refused by the database (" + refusal + "); the reading is stored");
            return;
        }
        int middle = entries.size() / 2;
        for (List<PendingReading> half : List.of(entries.subList(0, middle), entries.subList(middle, entries.size()))) {
            String halfRefusal = attempt(List.of(), half);
            if (halfRefusal != null) {
                isolateLatest(half, halfRefusal);
            }
        }
    }

    /**
     * Writes {@code part} and the {@code machine_latest} rows {@code latestRows} in one transaction,
     * retrying with backoff while the database is away. Returns null once committed, or why the
     * database refused it for a data reason ({@link SqlRefusal}).
     */
    private String attempt(List<PendingReading> part, List<PendingReading> latestRows) throws InterruptedException {
        long backoffMillis = 50;
        while (true) {
            long start = System.nanoTime();
            try {
                write(part, latestRows);
                if (!part.isEmpty()) {
                    commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
                afterCommit(part, latestRows);
                progressAt = System.nanoTime();
                return null;
            } catch (RuntimeException e) {
                // Not the database's word but ours (a reading this code cannot format or bind): retrying
                // it can never succeed either, so it is isolated like a refused one.
                LOG.debug("writing {} readings failed inside the writer", part.size(), e);
                return "not writable: " + SqlRefusal.escape(e.toString());
            } catch (SQLException e) {
                if (SqlRefusal.isDataRefusal(e)) {
                    return SqlRefusal.describe(e);
                }
                dbErrors.increment();
                // pgjdbc puts the whole rewritten batch into the message: keep the line short.
                LOG.warn("batch of {} readings not committed (SQL state {}: {}); retrying in {} ms",
                        part.size(), e.getSQLState(), brief(e), backoffMillis);
                Thread.sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, settings.maxBackoff().toMillis());
            }
        }
    }

    /** After the transaction of {@code part} and {@code latestRows} committed: what machine_latest still owes. */
    private void afterCommit(List<PendingReading> part, List<PendingReading> latestRows) {
        for (PendingReading r : part) {
            latestPending.merge(r.telemetry().machineId(), r, TelemetryBatchWriter::newer);
        }
        long now = System.nanoTime();
        for (PendingReading r : latestRows) {
            java.util.UUID m = r.telemetry().machineId();
            PendingReading pending = latestPending.get(m);
            if (pending != null && !pending.telemetry().timestamp().isAfter(r.telemetry().timestamp())) {
                latestPending.remove(m);
            }
            latestWrittenAt.put(m, now);
        }
    }

    /** The whole batch is settled: counts, acknowledgements, the queue's release, dead letters. */
    private void settled(List<PendingReading> batch, List<PendingReading> stored, List<Refused> refused)
            throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        batchSizes.record(batch.size());
        committed.addAndGet(stored.size());
        committedCounter.increment(stored.size());
        Instant now = clock.instant();
        CommittedReadings committedReadings = new CommittedReadings();
        for (PendingReading r : stored) {
            lagTimer.record(Duration.between(r.receivedAt(), now));
            committedReadings.add(r.telemetry().machineId(), r.telemetry().timestamp());
        }
        for (Refused r : refused) {
            refusedCounter.increment();
            MachineTelemetry t = r.reading().telemetry();
            warnRefused("reading of machine " + t.machineId() + " at " + t.timestamp()
                    + " refused by the database and dead-lettered (" + r.reason() + ")");
            try {
                refusedSink.refused(r.reading(), r.reason());
            } catch (RuntimeException e) {
                LOG.error("dead-lettering a refused reading failed", e);
            }
        }
        queue.committed(batch);
        if (!stored.isEmpty()) {
            acks.committed(committedReadings.byMachine());
        }
        progressAt = System.nanoTime();
    }

    /** At most one line per {@link #REFUSAL_LOG_INTERVAL_NANOS}, saying how many were not logged. */
    private void warnRefused(String line) {
        long now = System.nanoTime();
        if (lastRefusalLine != 0 && now - lastRefusalLine < REFUSAL_LOG_INTERVAL_NANOS) {
            refusalsNotLogged++;
            return;
        }
        LOG.warn("{}{}", line, refusalsNotLogged > 0 ? " [" + refusalsNotLogged + " more refusals not logged]" : "");
        lastRefusalLine = now;
        refusalsNotLogged = 0;
    }

    private static PendingReading newer(PendingReading a, PendingReading b) {
        return a.telemetry().timestamp().isAfter(b.telemetry().timestamp()) ? a : b;
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
     * The machine_latest rows due with a transaction of {@code part}: each machine's newest reading of
     * those pending and of {@code part}, for machines not written within the interval. machine_latest is
     * a copy for restarts (the live latest state is in memory): written at most once per machine per
     * latestWriteInterval, or every batch would rewrite up to maxBatch JSON documents.
     */
    private List<PendingReading> dueLatest(List<PendingReading> part) {
        Map<java.util.UUID, PendingReading> newest = new HashMap<>();
        for (PendingReading r : part) {
            newest.merge(r.telemetry().machineId(), r, TelemetryBatchWriter::newer);
        }
        long now = System.nanoTime();
        long interval = settings.latestWriteInterval().toNanos();
        List<PendingReading> due = new ArrayList<>();
        for (PendingReading pending : latestPending.values()) {
            java.util.UUID m = pending.telemetry().machineId();
            PendingReading fromPart = newest.remove(m);
            if (isDue(m, now, interval)) {
                due.add(fromPart == null ? pending : newer(pending, fromPart));
            }
        }
        for (PendingReading r : newest.values()) {
            if (isDue(r.telemetry().machineId(), now, interval)) {
                due.add(r);
            }
        }
        return due;
    }

    private boolean isDue(java.util.UUID machine, long now, long interval) {
        Long last = latestWrittenAt.get(machine);
        return last == null || now - last >= interval;
    }

    /**
     * Writes {@code part} in one transaction: first with a plain COPY into the tables; if a reading is
     * already stored (a redelivery, SQL state 23505), that transaction is rolled back and the batch is
     * written again through the staging tables, which skip stored rows.
     */
    private void write(List<PendingReading> part, List<PendingReading> latestRows) throws SQLException {
        rows.format(part);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                write(c, part, latestRows, false);
            } catch (SQLException e) {
                if (!DirectCopy.isDuplicate(e)) {
                    throw e;
                }
                redeliveredBatches.increment();
                write(c, part, latestRows, true);
            }
        } finally {
            rows.release();
        }
    }

    private void write(Connection c, List<PendingReading> part, List<PendingReading> latestRows, boolean skipStored)
            throws SQLException {
        try (PreparedStatement errors = c.prepareStatement(INSERT_ERROR);
             PreparedStatement latest = c.prepareStatement(UPSERT_LATEST)) {
            int errorRows = 0;
            for (PendingReading r : part) {
                MachineTelemetry t = r.telemetry();
                Timestamp ts = SqlRefusal.timestamp(t.timestamp());
                for (MachineError e : t.errors()) {
                    errors.setObject(1, t.machineId());
                    errors.setTimestamp(2, SqlRefusal.timestamp(e.occurredAt()));
                    errors.setString(3, e.code());
                    errors.setString(4, e.message());
                    errors.setString(5, e.severity().wire());
                    errors.setTimestamp(6, ts);
                    errors.addBatch();
                    errorRows++;
                }
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
            if (!latestRows.isEmpty()) {
                Timestamp now = Timestamp.from(clock.instant());
                for (PendingReading r : latestRows) {
                    latest.setObject(1, r.telemetry().machineId());
                    latest.setTimestamp(2, SqlRefusal.timestamp(r.telemetry().timestamp()));
                    latest.setString(3, json.encodeToString(r.telemetry()));
                    latest.setTimestamp(4, now);
                    latest.addBatch();
                }
                latest.executeBatch();
            }
            c.commit();
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

    /**
     * Stops accepting, writes what is queued and sends its acknowledgements, all within {@code timeout}
     * (the acknowledgements get at least a second), then stops the threads.
     */
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        running = false;
        queue.close();
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("telemetry writer still had {} readings queued at shutdown", queue.depth());
            thread.interrupt();
        }
        acks.close(Duration.ofNanos(Math.max(TimeUnit.SECONDS.toNanos(1), deadline - System.nanoTime())));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
