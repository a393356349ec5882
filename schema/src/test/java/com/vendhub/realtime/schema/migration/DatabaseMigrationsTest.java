package com.vendhub.realtime.schema.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedPostgresExtension.class)
class DatabaseMigrationsTest {

    @Test
    void createsTheContractsTablesAndIsIdempotent(TestDatabase db) {
        // The extension has already migrated this database once; a second run finds nothing to do.
        assertThat(DatabaseMigrations.migrate(db.dataSource())).isZero();
        for (String table : new String[] {"machines", "telemetry", "bunker_levels", "machine_errors",
            "machine_latest", "machine_status_changes", "dead_letters"}) {
            assertThat(db.count("SELECT count(*) FROM information_schema.tables WHERE table_name = '" + table + "'"))
                    .as(table).isEqualTo(1);
        }
    }

    @Test
    void telemetryRowsAreIdempotentOnMachineAndTime(TestDatabase db) {
        String insert = "INSERT INTO telemetry (machine_id, ts, received_at, status, temperature, humidity, uptime_s) "
                + "VALUES ('3f8e2a10-1c4b-4f0e-9a55-0c3a6d7e8f01', '2026-11-29T10:00:00Z', now(), 'online', 5, 40, 1) "
                + "ON CONFLICT DO NOTHING";
        db.execute(insert);
        db.execute(insert);
        assertThat(db.count("SELECT count(*) FROM telemetry")).isEqualTo(1);
    }
}
