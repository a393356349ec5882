package com.vendhub.realtime.ingest.store;

import com.vendhub.realtime.schema.model.BunkerLevel;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes a batch's telemetry and bunker rows with {@code COPY} into per-connection temporary
 * staging tables and one {@code INSERT … SELECT … ON CONFLICT DO NOTHING} per table, so a batch costs
 * a handful of round trips however many rows it has (a JDBC batch of single-row inserts with
 * {@code ON CONFLICT} goes row by row). Duplicates inside one batch are absorbed too: with
 * {@code DO NOTHING} the second row of a key conflicts with the first (PostgreSQL docs, INSERT).
 */
final class StagedCopy {

    // ON COMMIT DELETE ROWS empties the staging tables at every commit; they live as long as the
    // pooled connection (temporary tables are per session).
    private static final String CREATE_STAGING =
            "CREATE TEMP TABLE IF NOT EXISTS staging_telemetry (LIKE telemetry) ON COMMIT DELETE ROWS;"
            + "CREATE TEMP TABLE IF NOT EXISTS staging_bunker_levels (LIKE bunker_levels) ON COMMIT DELETE ROWS";
    private static final String COPY_TELEMETRY = "COPY staging_telemetry (machine_id, ts, received_at, status, "
            + "temperature, humidity, uptime_s, last_sale) FROM STDIN";
    private static final String COPY_BUNKERS = "COPY staging_bunker_levels (machine_id, ts, bunker_id, ingredient_id, "
            + "ingredient_name, current_level, max_level, percentage, low_level) FROM STDIN";
    private static final String MERGE_TELEMETRY = "INSERT INTO telemetry (machine_id, ts, received_at, status, "
            + "temperature, humidity, uptime_s, last_sale) SELECT machine_id, ts, received_at, status, temperature, "
            + "humidity, uptime_s, last_sale FROM staging_telemetry ON CONFLICT DO NOTHING";
    private static final String MERGE_BUNKERS = "INSERT INTO bunker_levels (machine_id, ts, bunker_id, ingredient_id, "
            + "ingredient_name, current_level, max_level, percentage, low_level) SELECT machine_id, ts, bunker_id, "
            + "ingredient_id, ingredient_name, current_level, max_level, percentage, low_level "
            + "FROM staging_bunker_levels ON CONFLICT DO NOTHING";

    private final StringBuilder telemetry = new StringBuilder(1 << 16);
    private final StringBuilder bunkers = new StringBuilder(1 << 18);

    /** Writes the rows of {@code batch} in the connection's open transaction. */
    void write(Connection c, List<TelemetryBatchWriter.PendingReading> batch) throws SQLException {
        telemetry.setLength(0);
        bunkers.setLength(0);
        int bunkerRows = 0;
        for (TelemetryBatchWriter.PendingReading r : batch) {
            MachineTelemetry t = r.telemetry();
            String machine = t.machineId().toString();
            String ts = t.timestamp().toString();
            telemetry.append(machine).append('\t').append(ts).append('\t').append(r.receivedAt()).append('\t')
                    .append(t.status().wire()).append('\t').append(t.temperature()).append('\t')
                    .append(t.humidity()).append('\t').append(t.uptime()).append('\t');
            appendNullable(telemetry, t.lastSale());
            telemetry.append('\n');
            for (BunkerLevel b : t.bunkers()) {
                bunkers.append(machine).append('\t').append(ts).append('\t').append(b.bunkerId()).append('\t')
                        .append(b.ingredientId()).append('\t');
                appendText(bunkers, b.ingredientName());
                bunkers.append('\t').append(b.currentLevel()).append('\t').append(b.maxLevel()).append('\t')
                        .append(b.percentage()).append('\t').append(b.lowLevelAlert() ? 't' : 'f').append('\n');
                bunkerRows++;
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute(CREATE_STAGING);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn(COPY_TELEMETRY, new StringReader(telemetry.toString()));
            s.executeUpdate(MERGE_TELEMETRY);
            if (bunkerRows > 0) {
                copy.copyIn(COPY_BUNKERS, new StringReader(bunkers.toString()));
                s.executeUpdate(MERGE_BUNKERS);
            }
        } catch (IOException e) {
            throw new SQLException("COPY failed", e);
        }
        // Keep the buffers from growing without bound after one unusually large batch.
        if (bunkers.capacity() > (1 << 24)) {
            bunkers.setLength(0);
            bunkers.trimToSize();
        }
    }

    private static void appendNullable(StringBuilder b, Instant value) {
        if (value == null) {
            b.append("\\N");
        } else {
            b.append(value);
        }
    }

    /** COPY text format: backslash, tab, newline and carriage return are escaped (PostgreSQL docs, COPY). */
    static void appendText(StringBuilder b, String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(ch);
            }
        }
    }
}
