package com.vendhub.realtime.broker.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/** Builds the HikariCP pool every component shares. */
public final class DatabasePool {

    private DatabasePool() {
    }

    /**
     * @param maxConnections  pool size (batch writer, serial writer, REST and start-up share it)
     * @param connectTimeout  how long a caller waits for a connection before failing (and retrying)
     */
    public static HikariDataSource create(String jdbcUrl, String user, String password, int maxConnections,
                                          Duration connectTimeout) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("vendhub-db");
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(connectTimeout.toMillis());
        // Lets pgjdbc turn a JDBC batch of single-row INSERTs into multi-row INSERTs: far fewer round trips.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "vendhub");
        // Start even when the database is briefly unreachable; callers retry.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
