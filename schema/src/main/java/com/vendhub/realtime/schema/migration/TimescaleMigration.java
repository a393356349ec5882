package com.vendhub.realtime.schema.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migration V3: on a database where the {@code timescaledb} extension can be enabled, makes the
 * time-series tables hypertables with compression (segment by machine, newest first), retention and
 * compression policies, and hourly continuous aggregates of telemetry and bunker levels with a
 * refresh policy (docs/contract.md, "Storage"). On plain PostgreSQL it changes nothing, so the same tables
 * and queries serve both.
 *
 * <p>Written in Java rather than SQL because the extension being listed in {@code
 * pg_available_extensions} does not mean it can be enabled: {@code CREATE EXTENSION} fails unless the
 * library is in {@code shared_preload_libraries}. Here that failure is caught at a savepoint and the
 * database stays plain (with a warning saying how to enable it) instead of the server refusing to
 * start; the policy ages are validated and written by the same code ({@link TimescalePolicies}) that
 * applies changed settings on every later start. Everything here is allowed inside Flyway's
 * transaction: {@code create_hypertable(..., migrate_data => true)} (the tables may hold rows
 * already), compression settings, policies, and continuous aggregates created {@code WITH NO DATA}.
 */
public final class TimescaleMigration implements JavaMigration {

    /** Name of the hourly telemetry aggregate. */
    public static final String TELEMETRY_HOURLY = "telemetry_hourly";
    /** Name of the hourly bunker-level aggregate. */
    public static final String BUNKER_LEVELS_HOURLY = "bunker_levels_hourly";

    private static final Logger log = LoggerFactory.getLogger(TimescaleMigration.class);

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("3");
    }

    @Override
    public String getDescription() {
        return "timescaledb hypertables, compression, retention, hourly aggregates";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        TimescaleSettings settings = TimescaleSettings.fromPlaceholders(context.getConfiguration().getPlaceholders());
        if (!enableExtension(c)) {
            return;
        }
        try (Statement s = c.createStatement()) {
            for (TimeSeriesTable t : TimeSeriesTable.ALL) {
                s.execute("SELECT create_hypertable('" + t.name() + "', '" + t.timeColumn() + "', chunk_time_interval => "
                        + "INTERVAL '" + TimescaleSettings.interval(t.chunkInterval())
                        + "', migrate_data => true, if_not_exists => true)");
                s.execute("ALTER TABLE " + t.name() + " SET (timescaledb.compress, "
                        + "timescaledb.compress_segmentby = 'machine_id', "
                        + "timescaledb.compress_orderby = '" + t.timeColumn() + " DESC')");
            }
            // Two aggregates, because a continuous aggregate reads one hypertable. Sums and counts are
            // kept besides min/max so that coarser buckets get exact averages (sum of sums / sum of counts).
            // materialized_only = false: the newest hours not yet materialized are read from the raw rows.
            s.execute("CREATE MATERIALIZED VIEW " + TELEMETRY_HOURLY
                    + " WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS"
                    + " SELECT machine_id, time_bucket(INTERVAL '1 hour', ts) AS bucket, count(*) AS samples,"
                    + " min(temperature) AS temperature_min, max(temperature) AS temperature_max,"
                    + " sum(temperature) AS temperature_sum,"
                    + " min(humidity) AS humidity_min, max(humidity) AS humidity_max, sum(humidity) AS humidity_sum"
                    + " FROM telemetry GROUP BY machine_id, bucket WITH NO DATA");
            s.execute("CREATE MATERIALIZED VIEW " + BUNKER_LEVELS_HOURLY
                    + " WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS"
                    + " SELECT machine_id, bunker_id, time_bucket(INTERVAL '1 hour', ts) AS bucket,"
                    + " count(*) AS samples, min(current_level) AS level_min, max(current_level) AS level_max,"
                    + " sum(current_level) AS level_sum, max(max_level) AS max_level,"
                    + " last(ingredient_name, ts) AS ingredient_name"
                    + " FROM bunker_levels GROUP BY machine_id, bunker_id, bucket WITH NO DATA");
            for (String view : new String[] {TELEMETRY_HOURLY, BUNKER_LEVELS_HOURLY}) {
                // The last hour stays out of the materialization (it is still filling) and is read live.
                s.execute("SELECT add_continuous_aggregate_policy('" + view + "', start_offset => INTERVAL '"
                        + TimescaleSettings.interval(TimescaleSettings.AGGREGATE_REFRESH_WINDOW)
                        + "', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes',"
                        + " if_not_exists => true)");
            }
        }
        TimescalePolicies.apply(c, settings);
        log.info("TimescaleDB: {} tables are hypertables, hourly aggregates {} and {} created ({})",
                TimeSeriesTable.ALL.size(), TELEMETRY_HOURLY, BUNKER_LEVELS_HOURLY, settings);
    }

    /** True when TimescaleDB is (now) enabled in this database. */
    private static boolean enableExtension(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")) {
                if (r.next()) {
                    return true;
                }
            }
            try (ResultSet r = s.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'")) {
                if (!r.next()) {
                    log.info("TimescaleDB is not available on this server: plain PostgreSQL tables");
                    return false;
                }
            }
            Savepoint before = c.setSavepoint();
            try {
                s.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
                c.releaseSavepoint(before);
                return true;
            } catch (SQLException e) {
                c.rollback(before);
                log.warn("TimescaleDB is installed but cannot be enabled ({}); the tables stay plain PostgreSQL. "
                        + "Add timescaledb to shared_preload_libraries and let a superuser run "
                        + "CREATE EXTENSION timescaledb before the first start to get hypertables.", e.getMessage());
                return false;
            }
        }
    }
}
