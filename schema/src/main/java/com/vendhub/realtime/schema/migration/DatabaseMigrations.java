package com.vendhub.realtime.schema.migration;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings a PostgreSQL database to the current schema; safe to run on every start and from many processes. */
public final class DatabaseMigrations {

    public static final String LOCATION = "classpath:db/migration";

    private DatabaseMigrations() {
    }

    /**
     * Applies pending migrations and returns how many ran. A new TimescaleDB layout gets the default
     * policies; existing policies are left as they are, so a process without the policy options (a
     * {@code vendhub ingest} worker, a benchmark) never undoes what {@code serve} or {@code migrate} set.
     */
    public static int migrate(DataSource dataSource) {
        return migrate(dataSource, TimescaleSettings.defaults(), false);
    }

    /**
     * Applies pending migrations and returns how many ran (0 when the schema is current). On
     * TimescaleDB, the retention and compression policies are then made to match {@code timescale},
     * also when the schema was already current.
     */
    public static int migrate(DataSource dataSource, TimescaleSettings timescale) {
        return migrate(dataSource, timescale, true);
    }

    private static int migrate(DataSource dataSource, TimescaleSettings timescale, boolean applyPolicies) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .javaMigrations(new TimescaleMigration())
                .placeholders(timescale.placeholders())
                // Flyway takes a PostgreSQL advisory lock, so concurrent workers starting together migrate once.
                .load()
                .migrate();
        if (!applyPolicies) {
            return result.migrationsExecuted;
        }
        try (Connection c = dataSource.getConnection()) {
            TimescalePolicies.applyOnStart(c, timescale);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot apply the TimescaleDB policies: " + e.getMessage(), e);
        }
        return result.migrationsExecuted;
    }
}
