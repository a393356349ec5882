package com.vendhub.realtime.bench.ingest;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The ceiling: PostgreSQL's own COPY rate for the rows of one message (1 telemetry row + 6 bunker
 * rows) into the same tables, with the same keys, on the same database; text prepared beforehand, so
 * only the database's work is timed.
 */
final class CopyCeiling {

    private CopyCeiling() {
    }

    /** Messages per second stored by COPY, {@code messages} in transactions of {@code perTransaction}. */
    static double measure(DataSource db, List<UUID> machines, int messages, int perTransaction) throws SQLException {
        Instant t0 = Instant.parse("2020-01-01T00:00:00Z");
        int chunks = messages / perTransaction;
        String[] telemetry = new String[chunks];
        String[] bunkers = new String[chunks];
        int n = 0;
        for (int c = 0; c < chunks; c++) {
            StringBuilder t = new StringBuilder(perTransaction * 120);
            StringBuilder b = new StringBuilder(perTransaction * 6 * 150);
            for (int i = 0; i < perTransaction; i++, n++) {
                UUID m = machines.get(n % machines.size());
                String ts = t0.plusMillis(n).toString();
                t.append(m).append('\t').append(ts).append('\t').append(ts).append("\tonline\t4.5\t45.5\t").append(n)
                        .append("\t\\N\n");
                for (int k = 0; k < Payloads.BUNKERS; k++) {
                    b.append(m).append('\t').append(ts).append("\t00000000-0000-4000-8000-00000000000").append(k)
                            .append("\t00000000-0000-4000-9000-00000000000").append(k).append("\tSugar\t")
                            .append(1000).append("\t2000\t50\tf\n");
                }
            }
            telemetry[c] = t.toString();
            bunkers[c] = b.toString();
        }
        long start = System.nanoTime();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (int i = 0; i < chunks; i++) {
                copy.copyIn("COPY telemetry (machine_id, ts, received_at, status, temperature, humidity, uptime_s, "
                        + "last_sale) FROM STDIN", new StringReader(telemetry[i]));
                copy.copyIn("COPY bunker_levels (machine_id, ts, bunker_id, ingredient_id, ingredient_name, "
                        + "current_level, max_level, percentage, low_level) FROM STDIN", new StringReader(bunkers[i]));
                c.commit();
            }
        } catch (java.io.IOException e) {
            throw new SQLException(e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return chunks * (double) perTransaction / seconds;
    }

    static void truncate(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE telemetry, bunker_levels, machine_errors, machine_latest, dead_letters");
        }
    }
}
