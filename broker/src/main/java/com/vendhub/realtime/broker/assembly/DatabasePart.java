package com.vendhub.realtime.broker.assembly;

import com.vendhub.realtime.broker.db.DatabasePool;
import com.vendhub.realtime.broker.db.DatabaseSettings;
import com.vendhub.realtime.broker.db.EmbeddedDatabase;
import com.vendhub.realtime.broker.db.EmbeddedDurability;
import com.vendhub.realtime.broker.health.DatabaseCheck;
import com.vendhub.realtime.broker.health.ReadinessSettings;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder.Stage;
import com.vendhub.realtime.broker.startup.DatabaseWait;
import com.vendhub.realtime.schema.migration.DatabaseMigrations;
import com.vendhub.realtime.schema.migration.TimescaleSettings;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's database: the pool (with its meters), the embedded PostgreSQL when no URL is given, the
 * migrations and the background check behind {@code /health/ready}. Everything it opens stops in
 * {@link Stage#STOP_DATABASE}, the check first, the embedded PostgreSQL last.
 */
public final class DatabasePart {

    private static final Logger LOG = LoggerFactory.getLogger(DatabasePart.class);
    /** How long a caller waits for a pooled connection. */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    private final String jdbcUrl;
    private final boolean embedded;
    private final HikariDataSource pool;
    private final MeterRegistry metrics;
    private final ShutdownOrder shutdown;
    private DatabaseCheck check;

    private DatabasePart(DatabaseSettings database, boolean embedded, MeterRegistry metrics, ShutdownOrder shutdown) {
        this.jdbcUrl = database.url();
        this.embedded = embedded;
        this.metrics = metrics;
        this.shutdown = shutdown;
        this.pool = shutdown.add(Stage.STOP_DATABASE, DatabasePool.create(database.url(), database.user(),
                database.password(), database.poolSize(), CONNECTION_TIMEOUT));
        pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
    }

    /**
     * A pool on the external database {@code database} names ({@code vendhub ingest | fanout}), once it answers:
     * its first connection is retried for up to {@link DatabaseSettings#connectWait()}, before anything else uses it.
     */
    public static DatabasePart connect(DatabaseSettings database, MeterRegistry metrics, ShutdownOrder shutdown)
            throws InterruptedException {
        return reached(database, false, metrics, shutdown);
    }

    private static DatabasePart reached(DatabaseSettings database, boolean embedded, MeterRegistry metrics,
            ShutdownOrder shutdown) throws InterruptedException {
        new DatabaseWait(database.url(), database.user(), database.password()).await(database.connectWait());
        return new DatabasePart(database, embedded, metrics, shutdown);
    }

    /**
     * A pool on the database {@code database} names or, without a URL, on the embedded PostgreSQL started in
     * {@code embeddedDirectory} (user {@code postgres}, {@code database}'s password and pool size):
     * {@code vendhub serve} and {@code vendhub migrate}.
     */
    public static DatabasePart open(DatabaseSettings database, Path embeddedDirectory, int embeddedPort,
            EmbeddedDurability durability, MeterRegistry metrics, ShutdownOrder shutdown)
            throws IOException, InterruptedException {
        if (!database.isEmbedded()) {
            return connect(database, metrics, shutdown);
        }
        EmbeddedDatabase started = shutdown.add(Stage.STOP_DATABASE,
                EmbeddedDatabase.start(embeddedDirectory, embeddedPort, durability));
        return reached(database.withUrl(started.jdbcUrl()).withCredentials("postgres", database.password()),
                true, metrics, shutdown);
    }

    /** Applies the migrations with the TimescaleDB policies ({@code vendhub serve | migrate}); returns how many ran. */
    public int migrate(TimescaleSettings timescale) {
        return ready(DatabaseMigrations.migrate(pool, timescale));
    }

    /** Applies the migrations without touching TimescaleDB policies; Flyway's lock makes processes starting together migrate once. */
    public void migrate() {
        ready(DatabaseMigrations.migrate(pool));
    }

    private int ready(int applied) {
        LOG.info("database ready at {} ({} migrations applied)", jdbcUrl.replaceAll("password=[^&]*", "password=***"),
                applied);
        return applied;
    }

    /** Starts the check that {@link #up()} reads: a pool that runs says nothing about a database that answers. */
    public void startCheck(ReadinessSettings readiness) {
        check = shutdown.add(Stage.STOP_DATABASE, new DatabaseCheck(pool, readiness, System::nanoTime, metrics));
        check.start();
    }

    /** Whether the pool runs and the database answered its last check. */
    public boolean up() {
        return pool.isRunning() && check != null && check.up();
    }

    /** Whether this is the embedded PostgreSQL, stopped with the process. */
    public boolean embedded() {
        return embedded;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public DataSource dataSource() {
        return pool;
    }
}
