package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.db.DatabasePool;
import com.vendhub.realtime.broker.db.DatabaseSettings;
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
    DatabaseOptions db = DatabaseOptions.forMigrate();

    @Mixin
    EmbeddedDatabaseOptions embedded;

    @Mixin
    TimescaleOptions timescale;

    @Override
    public Integer call() throws Exception {
        DatabaseSettings database = db.settings();
        if (!database.isEmbedded()) {
            return migrate(database, timescale.settings());
        }
        try (EmbeddedDatabase started = EmbeddedDatabase.start(embedded.dataDirectory().resolve("postgres"),
                embedded.port, embedded.durability)) {
            return migrate(database.withUrl(started.jdbcUrl()).withCredentials("postgres", null), timescale.settings());
        }
    }

    private static int migrate(DatabaseSettings database, TimescaleSettings settings) {
        try (HikariDataSource ds = DatabasePool.create(database.url(), database.user(), database.password(),
                database.poolSize(), Duration.ofSeconds(10))) {
            int applied = DatabaseMigrations.migrate(ds, settings);
            System.out.println("schema is current (" + applied + " migrations applied)");
            return 0;
        }
    }
}
