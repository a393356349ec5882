package com.vendhub.realtime.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.schema.model.BunkerLevel;
import com.vendhub.realtime.schema.model.MachineStatus;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedPostgresExtension.class)
class StagedCopyTest {

    private static final UUID MACHINE = UUID.randomUUID();
    private static final UUID BUNKER = UUID.randomUUID();
    private static final UUID INGREDIENT = UUID.randomUUID();
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00.123456Z");

    private static TelemetryBatchWriter.PendingReading reading(Instant ts, String ingredient) {
        BunkerLevel b = new BunkerLevel(BUNKER, INGREDIENT, ingredient, 100, 2000, 5, true);
        return new TelemetryBatchWriter.PendingReading(
                new MachineTelemetry(MACHINE, ts, MachineStatus.ONLINE, 4.5, 40, List.of(b), List.of(), null, 7), T0);
    }

    @Test
    void textWithCopysSpecialCharactersArrivesIntactAndDuplicatesMakeOneRow(TestDatabase db) throws Exception {
        String tricky = "Sugar\\brown\tfine\nline two\r";
        StagedCopy copy = new StagedCopy();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            // The same reading twice in one batch (a redelivery), and once more in a second batch.
            copy.write(c, List.of(reading(T0, tricky), reading(T0, tricky), reading(T0.plusSeconds(1), "Tea")));
            c.commit();
            copy.write(c, List.of(reading(T0, tricky)));
            c.commit();
        }
        assertThat(db.count("SELECT count(*) FROM telemetry")).isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM bunker_levels")).isEqualTo(2);
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT ingredient_name, ts FROM bunker_levels ORDER BY ts")) {
            r.next();
            assertThat(r.getString(1)).isEqualTo(tricky);
            assertThat(r.getTimestamp(2).toInstant()).isEqualTo(T0);
        }
    }
}
