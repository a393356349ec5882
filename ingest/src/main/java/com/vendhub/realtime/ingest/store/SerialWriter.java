package com.vendhub.realtime.ingest.store;

import com.vendhub.realtime.schema.text.LogText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs small, rare writes (dead letters, status history) one at a time on its own thread behind a
 * bounded queue, retrying each while the database is down. Callers never wait.
 */
public final class SerialWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SerialWriter.class);

    /** One unit of work in its own transaction. */
    @FunctionalInterface
    public interface Work {
        void run(Connection connection) throws SQLException;
    }

    private record Task(String what, Work work) {
    }

    private final String name;
    private final DataSource dataSource;
    private final BlockingQueue<Task> queue;
    private final Duration maxBackoff;
    private final Thread thread;
    private final Counter refused;
    private final Counter failures;
    private volatile boolean running = true;

    public SerialWriter(String name, DataSource dataSource, int capacity, Duration maxBackoff, MeterRegistry metrics) {
        this.name = name;
        this.dataSource = dataSource;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBackoff = maxBackoff;
        this.refused = Counter.builder("vendhub.ingest.serial.queue.full").tag("writer", name)
                .description("Writes refused because the queue was at its capacity").register(metrics);
        this.failures = Counter.builder("vendhub.ingest.serial.db.errors").tag("writer", name).register(metrics);
        Gauge.builder("vendhub.ingest.serial.queue.depth", queue, BlockingQueue::size).tag("writer", name)
                .register(metrics);
        this.thread = new Thread(this::run, name + "-writer");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Queues a write; false (logged by the caller's throttle, counted here) when the queue is full. */
    public boolean submit(String what, Work work) {
        if (running && queue.offer(new Task(what, work))) {
            return true;
        }
        refused.increment();
        return false;
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            Task task;
            try {
                task = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (task != null && !execute(task)) {
                return;
            }
        }
    }

    private boolean execute(Task task) {
        long backoff = 50;
        while (true) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                task.work().run(c);
                return true;
            } catch (SQLException e) {
                failures.increment();
                LOG.warn("{}: {} not written ({}); retrying in {} ms", name, task.what(), LogText.escape(e.getMessage(), 500),
                        backoff);
            } catch (RuntimeException e) {
                failures.increment();
                LOG.error("{}: {} failed and is dropped", name, task.what(), e);
                return true;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            backoff = Math.min(backoff * 2, maxBackoff.toMillis());
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{}: {} writes still queued at shutdown", name, queue.size());
            thread.interrupt();
        }
    }
}
