package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.db.DatabasePool;
import com.vendhub.realtime.broker.db.EmbeddedDatabase;
import com.vendhub.realtime.schema.migration.DatabaseMigrations;
import com.vendhub.realtime.schema.migration.TimescaleSettings;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vendhub migrate [--db-url URL]}: apply the schema and exit (the embedded database's without a URL). */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply the database schema and exit.")
final class MigrateCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions db;

    @Mixin
    TimescaleOptions timescale;

    @Override
    public Integer call() throws Exception {
        if (!db.embedded()) {
            return migrate(db.url, db.user, db.password, timescale.settings());
        }
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(db.dataDirectory.resolve("postgres"), db.embeddedPort)) {
            return migrate(embedded.jdbcUrl(), "postgres", null, timescale.settings());
        }
    }

    private static int migrate(String url, String user, String password, TimescaleSettings settings) {
        // Two connections: Flyway holds one for its advisory lock while it migrates on the other.
        try (HikariDataSource ds = DatabasePool.create(url, user, password, 2, Duration.ofSeconds(10))) {
            int applied = DatabaseMigrations.migrate(ds, settings);
            System.out.println("schema is current (" + applied + " migrations applied)");
            return 0;
        }
    }
}
