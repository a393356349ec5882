package com.vendhub.realtime.ingest.deadletter;

import com.vendhub.realtime.schema.text.StoredText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes dead letters older than the retention (docs/security.md, "Dead letters cannot crowd out what
 * matters"), periodically, in batches of at
 * most {@code batch} rows, each its own short transaction, so a large backlog never holds long locks
 * or a long transaction. Runs on its own thread with its own connection for the few milliseconds of
 * each batch; a failure (the database is down) is logged and tried again at the next period.
 */
public final class DeadLetterRetention implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRetention.class);

    // The id subquery walks dead_letters_received_idx; a plain DELETE has no LIMIT in PostgreSQL.
    private static final String DELETE_BATCH = "DELETE FROM dead_letters WHERE id IN "
            + "(SELECT id FROM dead_letters WHERE received_at < ? ORDER BY received_at LIMIT ?)";

    private final DataSource dataSource;
    private final Duration retention;
    private final int batch;
    private final Duration interval;
    private final Clock clock;
    private final Counter deleted;
    private final ScheduledExecutorService scheduler;
    private volatile boolean running = true;

    public DeadLetterRetention(DataSource dataSource, Duration retention, int batch, Duration interval, Clock clock,
                               MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.retention = retention;
        this.batch = batch;
        this.interval = interval;
        this.clock = clock;
        this.deleted = Counter.builder("vendhub.ingest.deadletters.expired")
                .description("Dead letters deleted because they were older than the retention").register(metrics);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dead-letter-retention");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the periodic deletion; does nothing when the retention is zero (keep forever). */
    public void start() {
        if (retention.isZero()) {
            LOG.info("dead letters are kept forever (retention 0)");
            return;
        }
        scheduler.scheduleWithFixedDelay(this::runQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runQuietly() {
        try {
            long n = deleteExpired();
            if (n > 0) {
                LOG.info("deleted {} dead letters older than {}", n, retention);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("deleting expired dead letters failed, trying again in {}: {}", interval,
                    StoredText.escape(e.getMessage()));
        }
    }

    /** Deletes every dead letter older than the retention, batch by batch; returns how many (0 with retention 0). */
    public long deleteExpired() throws SQLException {
        if (retention.isZero()) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(retention);
        long total = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(DELETE_BATCH)) {
            c.setAutoCommit(true);
            ps.setTimestamp(1, Timestamp.from(cutoff));
            ps.setInt(2, batch);
            int n;
            do {
                n = ps.executeUpdate();
                total += n;
                deleted.increment(n);
            } while (n == batch && running);
        }
        return total;
    }

    @Override
    public void close() {
        running = false;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
