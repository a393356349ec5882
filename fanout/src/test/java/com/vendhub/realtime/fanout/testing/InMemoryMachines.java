package com.vendhub.realtime.fanout.testing;

import com.vendhub.realtime.fanout.rest.MachineDirectory;
import com.vendhub.realtime.fanout.rest.MachineSummary;
import com.vendhub.realtime.fanout.rest.ProvisionedMachine;
import com.vendhub.realtime.fanout.rooms.MachineOwnership;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@link MachineOwnership} and {@link MachineDirectory} for tests. */
public final class InMemoryMachines implements MachineOwnership, MachineDirectory {

    private final Map<UUID, MachineSummary> machines = new ConcurrentHashMap<>();
    private final Map<UUID, byte[]> telemetry = new ConcurrentHashMap<>();

    /** Adds a machine with a location, status {@code online}. */
    public MachineSummary add(UUID organizationId, String name, double lat, double lng) {
        MachineSummary m = new MachineSummary(UUID.randomUUID(), organizationId, name, lat, lng, "online",
                Instant.parse("2025-01-01T00:00:00Z"));
        machines.put(m.id(), m);
        return m;
    }

    public void putTelemetry(UUID machineId, String json) {
        telemetry.put(machineId, json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<UUID> organizationOf(UUID machineId) {
        return Optional.ofNullable(machines.get(machineId)).map(MachineSummary::organizationId);
    }

    @Override
    public List<MachineSummary> list(Optional<UUID> organizationId) {
        return machines.values().stream()
                .filter(m -> organizationId.isEmpty() || organizationId.get().equals(m.organizationId()))
                .toList();
    }

    @Override
    public Optional<MachineSummary> find(UUID machineId) {
        return Optional.ofNullable(machines.get(machineId));
    }

    @Override
    public Optional<byte[]> latestTelemetryJson(UUID machineId) {
        return Optional.ofNullable(telemetry.get(machineId));
    }

    @Override
    public ProvisionedMachine provision(UUID organizationId, String name, Double lat, Double lng) {
        MachineSummary m = new MachineSummary(UUID.randomUUID(), organizationId, name, lat, lng, null, null);
        machines.put(m.id(), m);
        return new ProvisionedMachine(m.id(), name, organizationId, "device-token-" + m.id());
    }
}
