package com.vendhub.realtime.schema.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import java.time.Duration;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * V3 on whatever server the tests run against: hypertables, compression, policies and hourly
 * aggregates on TimescaleDB (run with {@code VENDHUB_TEST_DB_URL}); a no-op on plain PostgreSQL.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class TimescaleMigrationTest {

    @Test
    void timeSeriesTablesAreHypertablesExactlyWhenTimescaleIsThere(TestDatabase db) {
        boolean timescale = timescale(db);
        assertThat(db.count("SELECT count(*) FROM flyway_schema_history WHERE version = '3' AND success"))
                .isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM information_schema.tables WHERE table_name IN ("
                + "'telemetry', 'bunker_levels', 'machine_errors', 'machine_status_changes')")).isEqualTo(4);
        if (!timescale) {
            assertThat(db.count("SELECT count(*) FROM pg_class WHERE relname IN ('telemetry_hourly', "
                    + "'bunker_levels_hourly')")).isZero();
            return;
        }
        assertThat(db.count("SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_name IN ("
                + "'telemetry', 'bunker_levels', 'machine_errors', 'machine_status_changes') AND compression_enabled"))
                .isEqualTo(4);
        assertThat(db.count("SELECT count(*) FROM timescaledb_information.compression_settings "
                + "WHERE hypertable_name = 'telemetry' AND attname = 'machine_id' AND segmentby_column_index = 1"))
                .isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM timescaledb_information.compression_settings "
                + "WHERE hypertable_name = 'telemetry' AND attname = 'ts' AND NOT orderby_asc")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM timescaledb_information.continuous_aggregates WHERE view_name IN ("
                + "'telemetry_hourly', 'bunker_levels_hourly') AND NOT materialized_only")).isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM timescaledb_information.jobs "
                + "WHERE proc_name = 'policy_refresh_continuous_aggregate'")).isEqualTo(2);
        assertThat(policy(db, "policy_retention", "drop_after")).isEqualTo(4);
        assertThat(policy(db, "policy_compression", "compress_after")).isEqualTo(4);
    }

    @Test
    void changedPolicySettingsApplyOnTheNextStart(TestDatabase db) {
        boolean timescale = timescale(db);
        long applied = db.count("SELECT count(*) FROM flyway_schema_history");
        assertThat(DatabaseMigrations.migrate(db.dataSource(),
                new TimescaleSettings(Optional.of(Duration.ofDays(30)), Optional.of(Duration.ofDays(2))))).isZero();
        if (timescale) {
            assertThat(db.count(jobs("policy_retention", "drop_after", "30 days"))).isEqualTo(4);
            assertThat(db.count(jobs("policy_compression", "compress_after", "2 days"))).isEqualTo(4);
        }
        // A process started without the options (an ingest worker) leaves them as they are.
        DatabaseMigrations.migrate(db.dataSource());
        if (timescale) {
            assertThat(db.count(jobs("policy_retention", "drop_after", "30 days"))).isEqualTo(4);
        }
        DatabaseMigrations.migrate(db.dataSource(), new TimescaleSettings(Optional.empty(), Optional.empty()));
        assertThat(db.count("SELECT count(*) FROM flyway_schema_history"))
                .as("no new migration, only the policies change").isEqualTo(applied);
        if (timescale) {
            assertThat(db.count("SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name IN "
                    + "('policy_retention', 'policy_compression')")).isZero();
        }
    }

    @Test
    void anExistingInstallationKeepsItsRowsThroughV3(TestDatabase db) {
        // An installation from before V3, in a schema of its own (dropping the migrated one races
        // TimescaleDB's background jobs); public stays on the path for the extension's functions.
        db.execute("CREATE SCHEMA legacy");
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=legacy,public";
        PGSimpleDataSource legacy = new PGSimpleDataSource();
        legacy.setUrl(url);
        Flyway.configure().dataSource(legacy).locations(DatabaseMigrations.LOCATION).target("1").load().migrate();
        db.execute("INSERT INTO legacy.telemetry (machine_id, ts, received_at, status, temperature, humidity, "
                + "uptime_s) SELECT '3f8e2a10-1c4b-4f0e-9a55-0c3a6d7e8f01', t, t, 'online', 5, 40, 1 FROM "
                + "generate_series(TIMESTAMPTZ '2026-01-01', TIMESTAMPTZ '2026-01-10', INTERVAL '1 hour') t");

        assertThat(DatabaseMigrations.migrate(legacy)).isGreaterThanOrEqualTo(1);

        assertThat(db.count("SELECT count(*) FROM legacy.telemetry")).isEqualTo(9 * 24 + 1);
        assertThat(db.count("SELECT count(*) FROM legacy.flyway_schema_history WHERE version = '3' AND success"))
                .isEqualTo(1);
        if (timescale(db)) {
            assertThat(db.count("SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_schema = "
                    + "'legacy' AND hypertable_name = 'telemetry'")).as("the rows moved into daily chunks")
                    .isGreaterThanOrEqualTo(9);
        }
    }

    @Test
    void aRedeliveredOrLateReadingIntoACompressedChunkStaysIdempotent(TestDatabase db) {
        String row = "INSERT INTO telemetry (machine_id, ts, received_at, status, temperature, humidity, uptime_s) "
                + "VALUES ('3f8e2a10-1c4b-4f0e-9a55-0c3a6d7e8f01', '%s', now(), 'online', 5, 40, 1) "
                + "ON CONFLICT DO NOTHING";
        db.execute(row.formatted("2026-01-01T10:00:00Z"));
        if (timescale(db)) {
            db.execute("SELECT compress_chunk(c) FROM show_chunks('telemetry') c");
            assertThat(db.count("SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = "
                    + "'telemetry' AND is_compressed")).isEqualTo(1);
        }
        // The same reading again (a redelivery after weeks in a device's buffer), then a new late one.
        db.execute(row.formatted("2026-01-01T10:00:00Z"));
        db.execute(row.formatted("2026-01-01T10:01:00Z"));

        assertThat(db.count("SELECT count(*) FROM telemetry")).isEqualTo(2);
    }

    private static boolean timescale(TestDatabase db) {
        return db.count("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'") == 1;
    }

    private static long policy(TestDatabase db, String proc, String key) {
        return db.count("SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = '" + proc
                + "' AND (config->>'" + key + "') IS NOT NULL");
    }

    private static String jobs(String proc, String key, String interval) {
        return "SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = '" + proc
                + "' AND (config->>'" + key + "')::interval = INTERVAL '" + interval + "'";
    }
}
