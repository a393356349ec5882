package com.vendhub.realtime.broker.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database answers: a daemon thread borrows a pooled connection and validates it every
 * {@link ReadinessSettings#databaseCheckInterval()}; {@link #up()} only reads the time of the last
 * success, so a readiness probe never blocks on a dead database. Gauge {@code vendhub_database_up}.
 */
public final class DatabaseCheck implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseCheck.class);

    private final DataSource dataSource;
    private final ReadinessSettings settings;
    private final LongSupplier nanoTime;
    private final Thread thread;
    private final AtomicBoolean lastWasUp = new AtomicBoolean(true);
    private volatile long lastSuccess;
    private volatile boolean running = true;

    /** Counts as up from construction (the caller has just used the database, e.g. to migrate). */
    public DatabaseCheck(DataSource dataSource, ReadinessSettings settings, LongSupplier nanoTime,
            MeterRegistry meters) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.lastSuccess = nanoTime.getAsLong();
        this.thread = new Thread(this::loop, "database-check");
        this.thread.setDaemon(true);
        Gauge.builder("vendhub.database.up", this, c -> c.up() ? 1 : 0)
                .description("1 while the database answered a check recently (readiness)").register(meters);
    }

    public void start() {
        thread.start();
    }

    /** True when a check succeeded within {@link ReadinessSettings#databaseStaleAfter()}. */
    public boolean up() {
        return nanoTime.getAsLong() - lastSuccess <= settings.databaseStaleAfter().toNanos();
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(settings.databaseCheckInterval().toMillis());
            } catch (InterruptedException e) {
                return;
            }
            checkOnce();
        }
    }

    private void checkOnce() {
        boolean ok;
        String why = null;
        try (Connection c = dataSource.getConnection()) {
            ok = c.isValid((int) settings.databaseValidTimeout().toSeconds());
            why = ok ? null : "connection not valid";
        } catch (SQLException | RuntimeException e) {
            ok = false;
            why = e.toString();
        }
        if (ok) {
            lastSuccess = nanoTime.getAsLong();
        }
        // Logged on each change only, so an outage costs two lines however long it lasts.
        if (lastWasUp.getAndSet(ok) != ok) {
            if (ok) {
                LOG.info("database reachable again");
            } else {
                LOG.warn("database check failed: {}", why);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
