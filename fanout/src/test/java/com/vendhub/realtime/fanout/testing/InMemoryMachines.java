package com.vendhub.realtime.fanout.testing;

import com.vendhub.realtime.schema.machines.DeviceTokens;
import com.vendhub.realtime.schema.machines.MachineLiveState;
import com.vendhub.realtime.schema.machines.MachineRecord;
import com.vendhub.realtime.schema.machines.MachineRegistry;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.schema.model.MachineStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory {@link MachineRegistry} with its {@link MachineLiveState}, for the fan-out's tests (the
 * real registry, schema's {@code MachineCatalog}, needs PostgreSQL, which this module's tests do not start).
 */
public final class InMemoryMachines implements MachineRegistry, MachineLiveState {

    /** When every machine added with {@link #add} was last seen. */
    public static final Instant LAST_SEEN = Instant.parse("2025-01-01T00:00:00Z");

    private final Map<UUID, MachineRecord> machines = new ConcurrentHashMap<>();
    private final Set<UUID> online = ConcurrentHashMap.newKeySet();
    private final Map<UUID, byte[]> telemetry = new ConcurrentHashMap<>();

    /** Adds a machine with a location, status {@code online}, last seen at {@link #LAST_SEEN}. */
    public MachineRecord add(UUID organizationId, String name, double lat, double lng) {
        MachineRecord m = record(organizationId, name, lat, lng, UUID.randomUUID().toString());
        machines.put(m.id(), m);
        online.add(m.id());
        return m;
    }

    public void putTelemetry(UUID machineId, String json) {
        telemetry.put(machineId, json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<MachineRecord> find(UUID machineId) {
        return Optional.ofNullable(machines.get(machineId));
    }

    @Override
    public List<MachineRecord> list(Optional<UUID> organizationId) {
        return machines.values().stream()
                .filter(m -> organizationId.isEmpty() || organizationId.get().equals(m.organizationId()))
                .sorted(Comparator.comparing(MachineRecord::name).thenComparing(MachineRecord::id))
                .toList();
    }

    /** A provisioned machine has no status and was never seen. */
    @Override
    public ProvisionedMachine provision(UUID organizationId, String name, Double lat, Double lng) {
        String token = "device-token-" + UUID.randomUUID();
        MachineRecord m = record(organizationId, name, lat, lng, token);
        machines.put(m.id(), m);
        return new ProvisionedMachine(m, token);
    }

    @Override
    public Optional<ProvisionedMachine> rotateToken(UUID machineId) {
        throw new UnsupportedOperationException("token rotation is not available on this node");
    }

    @Override
    public Optional<MachineStatus> status(UUID machineId) {
        return online.contains(machineId) ? Optional.of(MachineStatus.ONLINE) : Optional.empty();
    }

    @Override
    public Optional<Instant> lastSeen(UUID machineId) {
        return online.contains(machineId) ? Optional.of(LAST_SEEN) : Optional.empty();
    }

    @Override
    public Optional<byte[]> latestTelemetryJson(UUID machineId) {
        return Optional.ofNullable(telemetry.get(machineId));
    }

    private static MachineRecord record(UUID organizationId, String name, Double lat, Double lng, String token) {
        return new MachineRecord(UUID.randomUUID(), organizationId, name, lat, lng, DeviceTokens.hash(token), LAST_SEEN);
    }
}
