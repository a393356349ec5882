package com.vendhub.realtime.broker.app;

import com.vendhub.realtime.fanout.rest.MachineDirectory;
import com.vendhub.realtime.fanout.rest.MachineSummary;
import com.vendhub.realtime.fanout.rooms.MachineOwnership;
import com.vendhub.realtime.ingest.IngestService;
import com.vendhub.realtime.ingest.machines.MachineRecord;
import com.vendhub.realtime.ingest.machines.ProvisionedMachine;
import com.vendhub.realtime.ingest.status.StatusTracker;
import com.vendhub.realtime.schema.model.MachineStatus;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The fan-out's view of machines (its {@link MachineDirectory} and {@link MachineOwnership} seams),
 * answered from ingest's catalog, status and latest state. This adapter is why neither module
 * imports the other.
 */
final class CatalogDirectory implements MachineDirectory, MachineOwnership {

    private final IngestService ingest;
    private final Consumer<UUID> disconnectMachine;

    /**
     * @param ingest            the catalog, status and latest state
     * @param disconnectMachine closes a machine's MQTT connection (after its token was rotated)
     */
    CatalogDirectory(IngestService ingest, Consumer<UUID> disconnectMachine) {
        this.ingest = ingest;
        this.disconnectMachine = disconnectMachine;
    }

    @Override
    public Optional<UUID> organizationOf(UUID machineId) {
        return ingest.machines().organizationOf(machineId);
    }

    @Override
    public List<MachineSummary> list(Optional<UUID> organizationId) {
        return ingest.machines().all().stream()
                .filter(m -> organizationId.map(m.organizationId()::equals).orElse(true))
                .sorted(Comparator.comparing(MachineRecord::name).thenComparing(MachineRecord::id))
                .map(this::summary)
                .toList();
    }

    @Override
    public Optional<MachineSummary> find(UUID machineId) {
        return ingest.machines().find(machineId).map(this::summary);
    }

    @Override
    public Optional<byte[]> latestTelemetryJson(UUID machineId) {
        // With each bunker's emptyAt forecast where there is one (issue 6); only adds a field.
        return ingest.latest().get(machineId).map(ingest.alerts()::withForecasts).map(ingest.json()::encode);
    }

    @Override
    public com.vendhub.realtime.fanout.rest.ProvisionedMachine provision(UUID organizationId, String name, Double lat,
                                                                         Double lng) {
        try {
            ProvisionedMachine p = ingest.machines().provision(organizationId, name, lat, lng);
            return new com.vendhub.realtime.fanout.rest.ProvisionedMachine(p.machine().id(), p.machine().name(),
                    p.machine().organizationId(), p.deviceToken());
        } catch (SQLException e) {
            throw new IllegalStateException("machine not provisioned: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<com.vendhub.realtime.fanout.rest.ProvisionedMachine> rotateToken(UUID machineId) {
        Optional<ProvisionedMachine> rotated;
        try {
            rotated = ingest.machines().rotateToken(machineId);
        } catch (SQLException e) {
            throw new IllegalStateException("token not rotated: " + e.getMessage(), e);
        }
        // The catalog already refuses the old token; a session opened with it must not outlive it.
        rotated.ifPresent(p -> disconnectMachine.accept(machineId));
        return rotated.map(p -> new com.vendhub.realtime.fanout.rest.ProvisionedMachine(p.machine().id(),
                p.machine().name(), p.machine().organizationId(), p.deviceToken()));
    }

    private MachineSummary summary(MachineRecord m) {
        StatusTracker status = ingest.status();
        String current = status.current(m.id()).map(c -> c.status().wire()).orElse(MachineStatus.OFFLINE.wire());
        Instant lastSeen = status.lastSeen(m.id()).orElse(null);
        return new MachineSummary(m.id(), m.organizationId(), m.name(), m.lat(), m.lng(), current, lastSeen);
    }
}
