package com.vendhub.realtime.broker.alerts;

import com.vendhub.realtime.fanout.rest.AlertDirectory;
import com.vendhub.realtime.schema.model.InventoryAlert;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Active low-level alerts read from {@code inventory_alerts} (partial indexes on the active rows).
 * The level and {@code emptyAt} are as of the alert's last refresh (at most the alert refresh
 * interval behind the newest reading).
 */
public final class JdbcAlertDirectory implements AlertDirectory {

    private static final String SELECT = "SELECT organization_id, machine_id, bunker_id, ingredient_id, ingredient_name, "
            + "current_level, max_level, percentage, threshold, raised_at, empty_at FROM inventory_alerts "
            + "WHERE cleared_at IS NULL";
    private static final String ORDER = " ORDER BY empty_at ASC NULLS LAST, raised_at, machine_id, bunker_id LIMIT ?";

    private final DataSource dataSource;

    public JdbcAlertDirectory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<ActiveAlert> active(Optional<UUID> organizationId, int limit) {
        String sql = SELECT + (organizationId.isPresent() ? " AND organization_id = ?" : "") + ORDER;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (organizationId.isPresent()) {
                ps.setObject(i++, organizationId.get());
            }
            ps.setInt(i, limit);
            List<ActiveAlert> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp emptyAt = rs.getTimestamp(11);
                    out.add(new ActiveAlert(rs.getObject(1, UUID.class), new InventoryAlert(
                            rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getObject(4, UUID.class),
                            rs.getString(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8), rs.getDouble(9),
                            rs.getTimestamp(10).toInstant(), emptyAt == null ? null : emptyAt.toInstant())));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("active alerts not read: " + e.getMessage(), e);
        }
    }
}
