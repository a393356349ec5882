package com.vendhub.realtime.schema.machines;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** JDBC access to the {@code machines} table. */
public final class MachineRepository {

    private static final String COLUMNS = "id, organization_id, name, lat, lng, token_hash, created_at";

    private final DataSource dataSource;

    public MachineRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void insert(MachineRecord m) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO machines (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, m.id());
            ps.setObject(2, m.organizationId());
            ps.setString(3, m.name());
            setNullableDouble(ps, 4, m.lat());
            setNullableDouble(ps, 5, m.lng());
            ps.setBytes(6, m.tokenHash());
            ps.setTimestamp(7, Timestamp.from(m.createdAt()));
            ps.executeUpdate();
        }
    }

    /** Replaces a machine's token hash; false when no such machine. */
    public boolean updateTokenHash(UUID id, byte[] tokenHash, Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE machines SET token_hash = ?, token_rotated_at = ? WHERE id = ?")) {
            ps.setBytes(1, tokenHash);
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setObject(3, id);
            return ps.executeUpdate() == 1;
        }
    }

    public Optional<MachineRecord> find(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM machines WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Machines of {@code organizationId}, or of every organization when empty; by name, then id. */
    public List<MachineRecord> list(Optional<UUID> organizationId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM machines"
                     + (organizationId.isPresent() ? " WHERE organization_id = ?" : "") + " ORDER BY name, id")) {
            if (organizationId.isPresent()) {
                ps.setObject(1, organizationId.get());
            }
            try (ResultSet rs = ps.executeQuery()) {
                return readAll(rs);
            }
        }
    }

    public List<MachineRecord> findAll() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM machines ORDER BY created_at, id");
             ResultSet rs = ps.executeQuery()) {
            return readAll(rs);
        }
    }

    private static List<MachineRecord> readAll(ResultSet rs) throws SQLException {
        List<MachineRecord> out = new ArrayList<>();
        while (rs.next()) {
            out.add(read(rs));
        }
        return out;
    }

    private static MachineRecord read(ResultSet rs) throws SQLException {
        return new MachineRecord(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                nullableDouble(rs, 4),
                nullableDouble(rs, 5),
                rs.getBytes(6),
                rs.getTimestamp(7).toInstant());
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static void setNullableDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }
}
