package com.vendhub.realtime.ingest.store;

import com.vendhub.realtime.schema.text.LogThrottle;
import com.vendhub.realtime.schema.text.StoredText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs small, rare writes (status history, alerts, dead letters) one at a time on its own thread,
 * behind two bounded queues: {@link Lane#IMPORTANT} writes always go before {@link Lane#BULK} ones, and
 * a full bulk queue refuses only bulk writes, so a flood of junk never pushes a status change out
 * (docs/architecture.md, "The events writer: two lanes"). Callers never wait.
 *
 * <p>A write that fails because the database is unreachable is retried with backoff until it goes
 * through; a write the database refuses (a data, constraint or statement error, see
 * {@link WriteFailure}) is dropped, counted and logged (throttled), so one bad row never blocks the
 * queue behind it. On close, what is queued is written within a bound.
 */
public final class SerialWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SerialWriter.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long FIRST_BACKOFF_MILLIS = 50;

    /** One unit of work in its own transaction (auto-commit). */
    @FunctionalInterface
    public interface Work {
        void run(Connection connection) throws SQLException;
    }

    /** Which queue a write waits in. */
    public enum Lane {
        /** Status changes and alert transitions: written first, never behind bulk writes. */
        IMPORTANT,
        /** Dead letters and housekeeping: written when no important write waits. */
        BULK;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private record Task(Lane lane, String what, Work work) {
    }

    private final String name;
    private final DataSource dataSource;
    private final Map<Lane, BlockingQueue<Task>> queues = new EnumMap<>(Lane.class);
    /** One permit per queued task, so the thread sleeps while both queues are empty. */
    private final Semaphore queued = new Semaphore(0);
    private final Duration maxBackoff;
    private final Duration drainTimeout;
    private final Thread thread;
    private final Map<Lane, Counter> full = new EnumMap<>(Lane.class);
    private final Map<Lane, Counter> refused = new EnumMap<>(Lane.class);
    private final Counter retries;
    private final Counter lost;
    private final LogThrottle throttle = new LogThrottle(LOG_INTERVAL_NANOS, System::nanoTime);
    private volatile boolean running = true;
    /** System.nanoTime past which a closing writer stops retrying; meaningful once running is false. */
    private volatile long giveUpAt;

    /**
     * @param importantCapacity status changes and alert transitions that may wait
     * @param bulkCapacity      dead letters that may wait
     * @param maxBackoff        longest pause between retries while the database is down
     * @param drainTimeout      how long {@link #close()} may take to write what is queued
     */
    public SerialWriter(String name, DataSource dataSource, int importantCapacity, int bulkCapacity,
                        Duration maxBackoff, Duration drainTimeout, MeterRegistry metrics) {
        if (importantCapacity < 1 || bulkCapacity < 1) {
            throw new IllegalArgumentException("queue capacities must be positive");
        }
        this.name = name;
        this.dataSource = dataSource;
        this.maxBackoff = maxBackoff;
        this.drainTimeout = drainTimeout;
        for (Lane lane : Lane.values()) {
            int capacity = lane == Lane.IMPORTANT ? importantCapacity : bulkCapacity;
            BlockingQueue<Task> q = new ArrayBlockingQueue<>(capacity);
            queues.put(lane, q);
            full.put(lane, Counter.builder("vendhub.ingest.serial.queue.full").tag("writer", name)
                    .tag("lane", lane.tag())
                    .description("Writes refused because their queue was at its capacity").register(metrics));
            refused.put(lane, Counter.builder("vendhub.ingest.serial.refused").tag("writer", name)
                    .tag("lane", lane.tag())
                    .description("Writes the database refused for a data reason; dropped, not retried")
                    .register(metrics));
            Gauge.builder("vendhub.ingest.serial.queue.depth", q, BlockingQueue::size).tag("writer", name)
                    .tag("lane", lane.tag()).register(metrics);
            Gauge.builder("vendhub.ingest.serial.queue.capacity", () -> capacity).tag("writer", name)
                    .tag("lane", lane.tag()).register(metrics);
        }
        this.retries = Counter.builder("vendhub.ingest.serial.db.errors").tag("writer", name)
                .description("Failed attempts while the database was unreachable; each is retried").register(metrics);
        this.lost = Counter.builder("vendhub.ingest.serial.lost").tag("writer", name)
                .description("Writes still queued when the shutdown's drain bound ran out").register(metrics);
        this.thread = new Thread(this::run, name + "-writer");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Queues an {@link Lane#IMPORTANT} write. */
    public boolean submit(String what, Work work) {
        return submit(Lane.IMPORTANT, what, work);
    }

    /** Queues a write; false (logged by the caller's throttle, counted here) when its queue is full or closed. */
    public boolean submit(Lane lane, String what, Work work) {
        if (running && queues.get(lane).offer(new Task(lane, what, work))) {
            queued.release();
            return true;
        }
        full.get(lane).increment();
        return false;
    }

    /** Writes waiting in {@code lane}. */
    public int depth(Lane lane) {
        return queues.get(lane).size();
    }

    private void run() {
        while (true) {
            try {
                if (!queued.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    if (!running && empty()) {
                        return;
                    }
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            }
            Task task = queues.get(Lane.IMPORTANT).poll();
            if (task == null) {
                task = queues.get(Lane.BULK).poll();
            }
            if (task != null && !execute(task)) {
                lost.increment();
                return;
            }
        }
    }

    private boolean empty() {
        return queues.values().stream().allMatch(BlockingQueue::isEmpty);
    }

    /** Writes {@code task}; false when the writer must stop without having written it. */
    private boolean execute(Task task) {
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                task.work().run(c);
                return true;
            } catch (SQLException e) {
                if (WriteFailure.of(e) == WriteFailure.REFUSED) {
                    drop(task, "SQLSTATE " + e.getSQLState() + ": " + e.getMessage());
                    return true;
                }
                retries.increment();
                long suppressed = throttle.admit("retry");
                if (suppressed >= 0) {
                    LOG.warn("{}: {} not written, the database is unavailable (SQLSTATE {}: {}); retrying in {} ms "
                                    + "[{} more failed attempts since the last line]", name,
                            StoredText.escape(task.what()), e.getSQLState(), StoredText.escape(e.getMessage()), backoff,
                            suppressed);
                }
            } catch (RuntimeException e) {
                drop(task, e.toString());
                return true;
            }
            if (!running && System.nanoTime() - giveUpAt >= 0) {
                return false;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return false;
            }
            backoff = Math.min(backoff * 2, Math.max(FIRST_BACKOFF_MILLIS, maxBackoff.toMillis()));
        }
    }

    private void drop(Task task, String why) {
        refused.get(task.lane()).increment();
        long suppressed = throttle.admit("refused-" + task.lane().tag());
        if (suppressed >= 0) {
            LOG.warn("{}: {} refused by the database and dropped, not retried ({}) [{} more dropped since the last "
                    + "line]", name, StoredText.escape(task.what()), StoredText.escape(why), suppressed);
        }
    }

    /** Stops taking writes and writes what is queued, retrying an unavailable database for at most {@code timeout}. */
    public void close(Duration timeout) {
        double lostBefore = lost.count();
        giveUpAt = System.nanoTime() + timeout.toNanos();
        running = false;
        try {
            thread.join(Math.max(1, timeout.toMillis()));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = 0;
        for (BlockingQueue<Task> q : queues.values()) {
            left += q.size();
            q.clear();
        }
        lost.increment(left);
        long lostNow = (long) (lost.count() - lostBefore);
        if (lostNow > 0) {
            LOG.warn("{}: {} queued writes not written within the drain bound of {} at shutdown", name, lostNow,
                    timeout);
        }
    }

    /** {@link #close(Duration)} with the drain bound this writer was built with. */
    @Override
    public void close() {
        close(drainTimeout);
    }
}
