package com.vendhub.realtime.ingest.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The latest validated reading per machine. */
public final class LatestTelemetry {

    private static final Logger LOG = LoggerFactory.getLogger(LatestTelemetry.class);

    private final ConcurrentMap<UUID, MachineTelemetry> latest = new ConcurrentHashMap<>();

    /** Loads the stored latest readings; called once at start. */
    public int load(DataSource dataSource, ObjectMapper mapper) throws SQLException {
        int n = 0;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT telemetry::text FROM machine_latest")) {
            while (rs.next()) {
                try {
                    offer(mapper.readValue(rs.getString(1), MachineTelemetry.class));
                    n++;
                } catch (IOException e) {
                    LOG.warn("unreadable machine_latest row skipped: {}", e.getMessage());
                }
            }
        }
        return n;
    }

    /** Keeps {@code t} if it is newer than what is held; true when it became the latest. */
    public boolean offer(MachineTelemetry t) {
        boolean[] replaced = {false};
        latest.compute(t.machineId(), (id, held) -> {
            if (held == null || t.timestamp().isAfter(held.timestamp())) {
                replaced[0] = true;
                return t;
            }
            return held;
        });
        return replaced[0];
    }

    public Optional<MachineTelemetry> get(UUID machineId) {
        return Optional.ofNullable(latest.get(machineId));
    }

    /** Visits every machine's latest reading (at start, to seed state derived from it). */
    public void forEach(Consumer<MachineTelemetry> visitor) {
        latest.values().forEach(visitor);
    }
}
