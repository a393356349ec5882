package com.vendhub.realtime.ingest.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The fast write: {@code COPY} straight into {@code telemetry} and {@code bunker_levels}, the
 * database's own bulk-load path (the benchmark's ceiling). It fails with a unique violation (SQL state
 * {@value #UNIQUE_VIOLATION}) when a reading is already stored; the caller then rolls back and writes
 * the batch with {@link StagedCopy}, so the keys still make every reading one row.
 */
final class DirectCopy {

    /** PostgreSQL's SQL state for a unique-key violation (Appendix A, Error Codes). */
    static final String UNIQUE_VIOLATION = "23505";

    static final String TELEMETRY_COLUMNS =
            "machine_id, ts, received_at, status, temperature, humidity, uptime_s, last_sale";
    static final String BUNKER_COLUMNS = "machine_id, ts, bunker_id, ingredient_id, ingredient_name, current_level, "
            + "max_level, percentage, low_level";
    private static final String COPY_TELEMETRY = "COPY telemetry (" + TELEMETRY_COLUMNS + ") FROM STDIN";
    private static final String COPY_BUNKERS = "COPY bunker_levels (" + BUNKER_COLUMNS + ") FROM STDIN";

    /** Writes the formatted rows in the connection's open transaction; throws if any is already stored. */
    void write(Connection c, CopyText rows) throws SQLException {
        try {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn(COPY_TELEMETRY, rows.telemetry());
            if (rows.bunkerRows() > 0) {
                copy.copyIn(COPY_BUNKERS, rows.bunkers());
            }
        } catch (IOException e) {
            throw new SQLException("COPY failed", e);
        }
    }

    /** Whether {@code e} says a row was already stored (pgjdbc may wrap the server's error). */
    static boolean isDuplicate(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (UNIQUE_VIOLATION.equals(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
