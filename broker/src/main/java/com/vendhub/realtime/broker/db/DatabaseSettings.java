package com.vendhub.realtime.broker.db;

import java.time.Duration;

/**
 * Where a process's database is and how many connections it may hold.
 *
 * @param url      JDBC URL of an external PostgreSQL &gt;= 14; null or blank: {@code vendhub serve} starts
 *                 the embedded one (the scale-out roles require a URL)
 * @param user     database user for {@code url}, or null
 * @param password database password for {@code url}, or null
 * @param poolSize connections in the HikariCP pool
 * @param connectWait how long the first connection is retried before start-up fails (docs/operations.md,
 *                 "Start-up failures and exit codes")
 */
public record DatabaseSettings(String url, String user, String password, int poolSize, Duration connectWait) {

    /** {@code vendhub serve}: the writer, the events writer, REST, history and readiness share the pool. */
    public static final int SERVE_POOL_SIZE = 8;
    /** A scale-out node does one job: ingest, or fan-out with REST. */
    public static final int NODE_POOL_SIZE = 4;
    /** Long enough for a database container or unit started at the same time to come up. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);
    /** The form pgjdbc accepts. */
    public static final String JDBC_PREFIX = "jdbc:postgresql:";

    public DatabaseSettings {
        if (poolSize < 1) {
            throw new IllegalArgumentException("the database pool needs at least one connection, got " + poolSize);
        }
        if (connectWait.isNegative()) {
            throw new IllegalArgumentException("--db-wait must not be negative, got " + connectWait);
        }
        // pgjdbc answers any other form with "No suitable driver", which the start-up wait took for a database
        // that is away: a libpq URI (postgresql://...) waited out --db-wait and then said "is PostgreSQL running?".
        if (url != null && !url.isBlank() && !url.startsWith(JDBC_PREFIX)) {
            throw new IllegalArgumentException("--db-url (VENDHUB_DB_URL) must be a JDBC URL, " + JDBC_PREFIX
                    + "//host:port/database, got " + url.replaceAll("password=[^&]*", "password=***")
                    .replaceAll("//[^/@]*@", "//***@"));
        }
    }

    /** The embedded database of {@code vendhub serve}. */
    public static DatabaseSettings embedded() {
        return new DatabaseSettings(null, null, null, SERVE_POOL_SIZE, DEFAULT_WAIT);
    }

    /** An external database without credentials in the settings, with a node's pool. */
    public static DatabaseSettings external(String url) {
        return new DatabaseSettings(url, null, null, NODE_POOL_SIZE, DEFAULT_WAIT);
    }

    /** Without the password, for logs. */
    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", user=" + user + ", password=" + (password == null ? null : "***")
                + ", poolSize=" + poolSize + ", connectWait=" + connectWait + "]";
    }

    public boolean isEmbedded() {
        return url == null || url.isBlank();
    }

    public DatabaseSettings withUrl(String value) {
        return new DatabaseSettings(value, user, password, poolSize, connectWait);
    }

    public DatabaseSettings withCredentials(String newUser, String newPassword) {
        return new DatabaseSettings(url, newUser, newPassword, poolSize, connectWait);
    }

    public DatabaseSettings withPoolSize(int value) {
        return new DatabaseSettings(url, user, password, value, connectWait);
    }
}
