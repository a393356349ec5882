package com.vendhub.realtime.broker.cluster;

import com.vendhub.realtime.fanout.rest.MachineDirectory;
import com.vendhub.realtime.fanout.rest.MachineSummary;
import com.vendhub.realtime.fanout.rest.ProvisionedMachine;
import com.vendhub.realtime.fanout.rooms.MachineOwnership;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A fan-out node's view of machines, read from the shared database: who owns a machine (for
 * {@code machine:{id}} rooms; the answers are cached, bounded) and the machine list for REST. A
 * fan-out node holds no live machine state: latest telemetry is answered by the nodes that ingest
 * it ({@code vendhub serve}), and machines are provisioned there too.
 */
public final class JdbcMachineDirectory implements MachineDirectory, MachineOwnership {

    /** Machines whose owner is remembered; ownership never changes once a machine exists. */
    public static final int OWNER_CACHE_SIZE = 100_000;

    private final DataSource dataSource;
    private final Map<UUID, UUID> owners = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, UUID> eldest) {
            return size() > OWNER_CACHE_SIZE;
        }
    };

    public JdbcMachineDirectory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<UUID> organizationOf(UUID machineId) {
        synchronized (owners) {
            UUID cached = owners.get(machineId);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        Optional<UUID> owner = find(machineId).map(MachineSummary::organizationId);
        owner.ifPresent(o -> {
            synchronized (owners) {
                owners.put(machineId, o);
            }
        });
        return owner;
    }

    @Override
    public List<MachineSummary> list(Optional<UUID> organizationId) {
        String sql = "SELECT id, organization_id, name, lat, lng FROM machines"
                + (organizationId.isPresent() ? " WHERE organization_id = ?" : "") + " ORDER BY name, id";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            if (organizationId.isPresent()) {
                st.setObject(1, organizationId.get());
            }
            List<MachineSummary> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(summary(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("machine list failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<MachineSummary> find(UUID machineId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT id, organization_id, name, lat, lng FROM machines WHERE id = ?")) {
            st.setObject(1, machineId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(summary(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("machine lookup failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> latestTelemetryJson(UUID machineId) {
        return Optional.empty(); // live state lives on the ingesting nodes (docs/operations.md, "Scale-out: vendhub fanout and the event stream")
    }

    @Override
    public ProvisionedMachine provision(UUID organizationId, String name, Double lat, Double lng) {
        throw new UnsupportedOperationException("machines are provisioned on a vendhub serve node");
    }

    private static MachineSummary summary(ResultSet rs) throws SQLException {
        Double lat = rs.getObject("lat") == null ? null : rs.getDouble("lat");
        Double lng = rs.getObject("lng") == null ? null : rs.getDouble("lng");
        return new MachineSummary(rs.getObject("id", UUID.class), rs.getObject("organization_id", UUID.class),
                rs.getString("name"), lat, lng, null, null);
    }
}
