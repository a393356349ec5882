package com.vendhub.realtime.ingest.status;

import com.vendhub.realtime.ingest.store.SerialWriter;
import com.vendhub.realtime.schema.events.EventNames;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.events.RoomEventSink;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.model.MachineStatus;
import com.vendhub.realtime.schema.model.StatusChange;
import com.vendhub.realtime.schema.rooms.Room;
import com.vendhub.realtime.schema.text.LogThrottle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Holds each machine's current status and last-seen time; stores and emits every real change once. */
public final class StatusTracker {

    private static final Logger LOG = LoggerFactory.getLogger(StatusTracker.class);

    /** A machine's current status and since when. */
    public record Current(MachineStatus status, Instant since) {
    }

    private final SerialWriter writer;
    private final RoomEventSink events;
    private final WireJson json;
    private final ConcurrentMap<UUID, Current> current = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, Instant> lastSeen = new ConcurrentHashMap<>();
    private final Counter changes;
    private final LogThrottle throttle = new LogThrottle(TimeUnit.SECONDS.toNanos(10), System::nanoTime);

    public StatusTracker(SerialWriter writer, RoomEventSink events, WireJson json, MeterRegistry metrics) {
        this.writer = writer;
        this.events = events;
        this.json = json;
        this.changes = Counter.builder("vendhub.ingest.status.changes").register(metrics);
        Gauge.builder("vendhub.machines.online", this, StatusTracker::online)
                .description("Machines whose current status is online").register(metrics);
    }

    /** Loads each machine's last stored status; called once at start. */
    public int load(DataSource dataSource) throws SQLException {
        int n = 0;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT ON (machine_id) machine_id, status, changed_at "
                     + "FROM machine_status_changes ORDER BY machine_id, changed_at DESC")) {
            while (rs.next()) {
                UUID id = rs.getObject(1, UUID.class);
                Optional<MachineStatus> status = MachineStatus.parse(rs.getString(2));
                if (status.isPresent()) {
                    Instant at = rs.getTimestamp(3).toInstant();
                    current.put(id, new Current(status.get(), at));
                    lastSeen.put(id, at);
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Applies a status report; stores and emits it when it changes the machine's status. A report
     * older than the current status (a late reading) changes nothing.
     */
    public boolean apply(UUID machineId, UUID organizationId, MachineStatus status, Instant at, StatusSource source) {
        boolean[] changed = {false};
        current.compute(machineId, (id, held) -> {
            if (held != null && (held.status() == status || at.isBefore(held.since()))) {
                return held;
            }
            changed[0] = true;
            return new Current(status, at);
        });
        if (!changed[0]) {
            return false;
        }
        changes.increment();
        byte[] payload = json.encode(new StatusChange(machineId, status, at));
        events.publish(new RoomEvent(organizationId, Room.machine(machineId), EventNames.MACHINE_STATUS, payload));
        events.publish(new RoomEvent(organizationId, Room.MACHINES_ALL, EventNames.MACHINE_STATUS, payload));
        boolean queued = writer.submit("status change of " + machineId, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO machine_status_changes "
                    + "(machine_id, changed_at, status, source) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setObject(1, machineId);
                ps.setTimestamp(2, Timestamp.from(at));
                ps.setString(3, status.wire());
                ps.setString(4, source.code());
                ps.executeUpdate();
            }
        });
        if (!queued) {
            long suppressed = throttle.admit("status-queue-full");
            if (suppressed >= 0) {
                LOG.warn("status change of {} to {} not stored: the events writer's queue is full "
                        + "(--events-queue-capacity; {} more since the last line)", machineId, status.wire(), suppressed);
            }
        }
        return true;
    }

    /**
     * Machines not heard from since before {@code cutoff} whose status is not already offline: the
     * candidates of the silence timeout.
     */
    public List<UUID> silentSince(Instant cutoff) {
        List<UUID> out = new ArrayList<>();
        current.forEach((id, held) -> {
            Instant seen = lastSeen.get(id);
            if (held.status() != MachineStatus.OFFLINE && (seen == null || seen.isBefore(cutoff))) {
                out.add(id);
            }
        });
        return out;
    }

    /**
     * Makes a machine offline when it has still not been heard from since before {@code cutoff};
     * checked again here because a message may have arrived since {@link #silentSince} answered.
     */
    public boolean expireIfSilent(UUID machineId, UUID organizationId, Instant cutoff, Instant now) {
        Instant seen = lastSeen.get(machineId);
        if (seen != null && !seen.isBefore(cutoff)) {
            return false;
        }
        return apply(machineId, organizationId, MachineStatus.OFFLINE, now, StatusSource.SILENCE);
    }

    /** Notes that a machine was heard from at {@code at}. */
    public void seen(UUID machineId, Instant at) {
        lastSeen.merge(machineId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    public Optional<Current> current(UUID machineId) {
        return Optional.ofNullable(current.get(machineId));
    }

    public Optional<Instant> lastSeen(UUID machineId) {
        return Optional.ofNullable(lastSeen.get(machineId));
    }

    public long online() {
        return current.values().stream().filter(c -> c.status() == MachineStatus.ONLINE).count();
    }
}
