package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.db.DatabasePool;
import com.vendhub.realtime.schema.migration.DatabaseMigrations;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vendhub migrate --db-url URL}: apply the schema and exit. */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply the database schema and exit.")
final class MigrateCommand implements Callable<Integer> {

    @Option(names = "--db-url", required = true, defaultValue = "${env:VENDHUB_DB_URL}",
            description = "JDBC URL of the PostgreSQL to migrate (env VENDHUB_DB_URL).")
    String url;

    @Option(names = "--db-user", defaultValue = "${env:VENDHUB_DB_USER}", description = "Database user (env VENDHUB_DB_USER).")
    String user;

    @Option(names = "--db-password", defaultValue = "${env:VENDHUB_DB_PASSWORD}",
            description = "Database password (env VENDHUB_DB_PASSWORD).")
    String password;

    @Override
    public Integer call() {
        try (HikariDataSource ds = DatabasePool.create(url, user, password, 1, Duration.ofSeconds(10))) {
            int applied = DatabaseMigrations.migrate(ds);
            System.out.println("schema is current (" + applied + " migrations applied)");
            return 0;
        }
    }
}
