package com.vendhub.realtime.ingest.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The write that tolerates readings already stored: {@code COPY} into per-connection temporary
 * staging tables, then one {@code INSERT … SELECT … ON CONFLICT DO NOTHING} per table. A batch costs
 * a handful of round trips however many rows it has, but each row is written twice and goes through
 * speculative insertion, so {@link TelemetryBatchWriter} uses it only for a batch that holds a
 * redelivered reading (docs/performance.md, "Measured figures").
 */
final class StagedCopy {

    // ON COMMIT DELETE ROWS empties the staging tables at every commit; they live as long as the
    // pooled connection (temporary tables are per session).
    private static final String CREATE_STAGING =
            "CREATE TEMP TABLE IF NOT EXISTS staging_telemetry (LIKE telemetry) ON COMMIT DELETE ROWS;"
            + "CREATE TEMP TABLE IF NOT EXISTS staging_bunker_levels (LIKE bunker_levels) ON COMMIT DELETE ROWS";
    private static final String COPY_TELEMETRY = "COPY staging_telemetry (" + DirectCopy.TELEMETRY_COLUMNS
            + ") FROM STDIN";
    private static final String COPY_BUNKERS = "COPY staging_bunker_levels (" + DirectCopy.BUNKER_COLUMNS
            + ") FROM STDIN";
    private static final String MERGE_TELEMETRY = "INSERT INTO telemetry (" + DirectCopy.TELEMETRY_COLUMNS
            + ") SELECT " + DirectCopy.TELEMETRY_COLUMNS + " FROM staging_telemetry ON CONFLICT DO NOTHING";
    private static final String MERGE_BUNKERS = "INSERT INTO bunker_levels (" + DirectCopy.BUNKER_COLUMNS
            + ") SELECT " + DirectCopy.BUNKER_COLUMNS + " FROM staging_bunker_levels ON CONFLICT DO NOTHING";

    /** Writes the formatted rows in the connection's open transaction; rows already stored are skipped. */
    void write(Connection c, CopyText rows) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(CREATE_STAGING);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn(COPY_TELEMETRY, rows.telemetry());
            s.executeUpdate(MERGE_TELEMETRY);
            if (rows.bunkerRows() > 0) {
                copy.copyIn(COPY_BUNKERS, rows.bunkers());
                s.executeUpdate(MERGE_BUNKERS);
            }
        } catch (IOException e) {
            throw new SQLException("COPY failed", e);
        }
    }
}
