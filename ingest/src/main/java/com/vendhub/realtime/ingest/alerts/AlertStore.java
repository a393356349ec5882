package com.vendhub.realtime.ingest.alerts;

import com.vendhub.realtime.ingest.store.SerialWriter;
import com.vendhub.realtime.schema.model.InventoryAlert;
import com.vendhub.realtime.schema.text.LogThrottle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores alert transitions in {@code inventory_alerts} on the small {@code events} writer thread
 * (never on the ingest thread, never in the telemetry batch). Every statement is conditional, so
 * running it twice, late, or from two workers changes nothing the second time: a raise inserts only
 * when no newer transition of that bunker is stored and no alert is active (unique partial index); a
 * clear updates only the active alert raised before it; a refresh only moves the level forward.
 */
final class AlertStore {

    private static final Logger LOG = LoggerFactory.getLogger(AlertStore.class);

    /** The newest stored alert of one bunker, as loaded at start. */
    record Stored(UUID organizationId, UUID machineId, UUID bunkerId, double threshold, Instant raisedAt,
                  Instant clearedAt) {
    }

    private static final String RAISE = "INSERT INTO inventory_alerts (organization_id, machine_id, bunker_id, "
            + "ingredient_id, ingredient_name, threshold, raised_at, current_level, max_level, percentage, empty_at, "
            + "level_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM inventory_alerts "
            + "WHERE machine_id = ? AND bunker_id = ? AND (raised_at >= ? OR cleared_at >= ?)) ON CONFLICT DO NOTHING";
    private static final String CLEAR = "UPDATE inventory_alerts SET cleared_at = ?, clear_reason = ?, "
            + "current_level = ?, max_level = ?, percentage = ?, empty_at = NULL, level_at = ? "
            + "WHERE machine_id = ? AND bunker_id = ? AND cleared_at IS NULL AND raised_at < ?";
    private static final String REFRESH = "UPDATE inventory_alerts SET current_level = ?, max_level = ?, "
            + "percentage = ?, empty_at = ?, level_at = ? "
            + "WHERE machine_id = ? AND bunker_id = ? AND cleared_at IS NULL AND level_at < ?";

    private final SerialWriter writer;
    private final LogThrottle throttle;

    AlertStore(SerialWriter writer, LogThrottle throttle) {
        this.writer = writer;
        this.throttle = throttle;
    }

    /** The newest alert row of every bunker that ever had one. */
    static List<Stored> loadNewest(DataSource dataSource) throws SQLException {
        List<Stored> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT ON (machine_id, bunker_id) organization_id, machine_id, "
                     + "bunker_id, threshold, raised_at, cleared_at FROM inventory_alerts "
                     + "ORDER BY machine_id, bunker_id, raised_at DESC")) {
            while (rs.next()) {
                Timestamp cleared = rs.getTimestamp(6);
                out.add(new Stored(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getDouble(4), rs.getTimestamp(5).toInstant(),
                        cleared == null ? null : cleared.toInstant()));
            }
        }
        return out;
    }

    /** Reads the stored levels of one machine's bunkers since {@code since}, oldest first (forecast warm-up). */
    static void levelsSince(DataSource dataSource, UUID machineId, Instant since, LevelSink sink) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT bunker_id, ts, current_level, max_level FROM bunker_levels "
                     + "WHERE machine_id = ? AND ts > ? ORDER BY ts")) {
            ps.setObject(1, machineId);
            ps.setTimestamp(2, Timestamp.from(since));
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.level(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getDouble(3),
                            rs.getDouble(4));
                }
            }
        }
    }

    /** Receives stored levels. */
    @FunctionalInterface
    interface LevelSink {
        void level(UUID bunkerId, Instant at, double level, double maxLevel);
    }

    void raise(UUID organizationId, InventoryAlert a) {
        submit("raise of alert " + a.machineId() + "/" + a.bunkerId(), c -> {
            try (PreparedStatement ps = c.prepareStatement(RAISE)) {
                ps.setObject(1, organizationId);
                ps.setObject(2, a.machineId());
                ps.setObject(3, a.bunkerId());
                ps.setObject(4, a.ingredientId());
                ps.setString(5, a.ingredientName());
                ps.setDouble(6, a.threshold());
                ps.setTimestamp(7, Timestamp.from(a.raisedAt()));
                ps.setDouble(8, a.currentLevel());
                ps.setDouble(9, a.maxLevel());
                ps.setDouble(10, a.percentage());
                ps.setTimestamp(11, a.emptyAt() == null ? null : Timestamp.from(a.emptyAt()));
                ps.setTimestamp(12, Timestamp.from(a.raisedAt()));
                ps.setObject(13, a.machineId());
                ps.setObject(14, a.bunkerId());
                ps.setTimestamp(15, Timestamp.from(a.raisedAt()));
                ps.setTimestamp(16, Timestamp.from(a.raisedAt()));
                ps.executeUpdate();
            }
        });
    }

    void clear(InventoryAlert a, Instant clearedAt, String reason) {
        submit("clearing of alert " + a.machineId() + "/" + a.bunkerId(), c -> {
            try (PreparedStatement ps = c.prepareStatement(CLEAR)) {
                ps.setTimestamp(1, Timestamp.from(clearedAt));
                ps.setString(2, reason);
                ps.setDouble(3, a.currentLevel());
                ps.setDouble(4, a.maxLevel());
                ps.setDouble(5, a.percentage());
                ps.setTimestamp(6, Timestamp.from(clearedAt));
                ps.setObject(7, a.machineId());
                ps.setObject(8, a.bunkerId());
                ps.setTimestamp(9, Timestamp.from(clearedAt));
                ps.executeUpdate();
            }
        });
    }

    void refresh(UUID machineId, UUID bunkerId, double level, double maxLevel, double percentage, Instant emptyAt,
                 Instant at) {
        submit("refresh of alert " + machineId + "/" + bunkerId, c -> {
            try (PreparedStatement ps = c.prepareStatement(REFRESH)) {
                ps.setDouble(1, level);
                ps.setDouble(2, maxLevel);
                ps.setDouble(3, percentage);
                ps.setTimestamp(4, emptyAt == null ? null : Timestamp.from(emptyAt));
                ps.setTimestamp(5, Timestamp.from(at));
                ps.setObject(6, machineId);
                ps.setObject(7, bunkerId);
                ps.setTimestamp(8, Timestamp.from(at));
                ps.executeUpdate();
            }
        });
    }

    private void submit(String what, SerialWriter.Work work) {
        if (!writer.submit(what, work)) {
            long suppressed = throttle.admit("alert-store-full");
            if (suppressed >= 0) {
                LOG.warn("{} not stored: the events writer's queue is full ({} more since the last line)", what,
                        suppressed);
            }
        }
    }
}
