package com.vendhub.realtime.bench.soak;

import com.vendhub.realtime.bench.soak.EventObserver.AlertKey;
import com.vendhub.realtime.bench.soak.EventObserver.ErrorKey;
import com.vendhub.realtime.bench.soak.EventObserver.StatusKey;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The exact counts, read straight from the server's PostgreSQL (schema: V1__baseline.sql,
 * V2__alerts.sql) over loopback, user {@code postgres} as the embedded database sets it up.
 */
final class StoreCheck implements AutoCloseable {

    /** {@code count(*)} and {@code count(DISTINCT (machine_id, ts))} of {@code telemetry} for some machines. */
    record TelemetryCount(long rows, long distinct) {
    }

    private final Connection c;

    StoreCheck(String jdbcUrl) throws SQLException {
        this.c = DriverManager.getConnection(jdbcUrl, "postgres", null);
    }

    TelemetryCount telemetry(List<UUID> machines) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*), count(DISTINCT (machine_id, ts)) FROM telemetry WHERE machine_id = ANY(?)")) {
            Array ids = c.createArrayOf("uuid", machines.toArray());
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new TelemetryCount(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    Set<StatusKey> statusChanges() throws SQLException {
        return rows("SELECT machine_id, changed_at, status FROM machine_status_changes",
                rs -> new StatusKey(rs.getObject(1, UUID.class), instant(rs, 2), rs.getString(3)));
    }

    /** Alerts raised (all rows), and those cleared ({@code cleared_at} set). */
    Set<AlertKey> alerts(boolean clearedOnly) throws SQLException {
        return rows("SELECT machine_id, bunker_id, raised_at FROM inventory_alerts"
                        + (clearedOnly ? " WHERE cleared_at IS NOT NULL" : ""),
                rs -> new AlertKey(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), instant(rs, 3)));
    }

    Set<ErrorKey> machineErrors() throws SQLException {
        return rows("SELECT machine_id, occurred_at, code FROM machine_errors",
                rs -> new ErrorKey(rs.getObject(1, UUID.class), instant(rs, 2), rs.getString(3)));
    }

    /** Dead letters by reason. */
    Map<String, Long> deadLetters() throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT reason, count(*) FROM dead_letters GROUP BY reason ORDER BY reason")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** One value read from the current row of a result. */
    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Every row of {@code sql}, each read by {@code row}, as a set. */
    private <T> Set<T> rows(String sql, Row<T> row) throws SQLException {
        Set<T> out = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(row.read(rs));
            }
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getTimestamp(column).toInstant().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
