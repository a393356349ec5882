package com.vendhub.realtime.schema.migration;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings a PostgreSQL database to the current schema; safe to run on every start and from many processes. */
public final class DatabaseMigrations {

    public static final String LOCATION = "classpath:db/migration";

    private DatabaseMigrations() {
    }

    /** Applies pending migrations and returns how many ran (0 when the schema is current). */
    public static int migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                // Flyway takes a PostgreSQL advisory lock, so concurrent workers starting together migrate once.
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
