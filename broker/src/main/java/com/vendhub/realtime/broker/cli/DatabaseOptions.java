package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.db.DatabaseSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The PostgreSQL a process uses ({@code serve}, {@code ingest}, {@code fanout}, {@code migrate}); the
 * scale-out roles require its URL, {@code serve} and {@code migrate} fall back to the embedded one.
 */
final class DatabaseOptions {

    @Option(names = "--db-url", description = "JDBC URL of a PostgreSQL >= 14 (for serve and migrate: without it, "
            + "the embedded PostgreSQL in --data-dir).")
    String url;

    @Option(names = "--db-user", description = "Database user.")
    String user;

    @Option(names = "--db-password", description = "Database password.")
    String password;

    @Option(names = "--db-pool-size", description = "Database connections.")
    int poolSize;

    @Option(names = "--db-wait",
            description = "How long the first connection to the database is retried (with backoff, a line every few "
                    + "seconds) before start-up fails with exit code 3; PT0S for one attempt.")
    Duration waitFor = DatabaseSettings.DEFAULT_WAIT;

    private DatabaseOptions(int poolSize) {
        this.poolSize = poolSize;
    }

    /** With the pool of {@code vendhub serve}. */
    static DatabaseOptions forServe() {
        return new DatabaseOptions(DatabaseSettings.SERVE_POOL_SIZE);
    }

    /** With the pool of a scale-out node. */
    static DatabaseOptions forNode() {
        return new DatabaseOptions(DatabaseSettings.NODE_POOL_SIZE);
    }

    /** With the two connections {@code migrate} needs: Flyway holds one for its advisory lock, migrates on the other. */
    static DatabaseOptions forMigrate() {
        return new DatabaseOptions(2);
    }

    DatabaseSettings settings() {
        return new DatabaseSettings(url, user, password, poolSize, waitFor);
    }
}
