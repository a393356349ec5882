package com.vendhub.realtime.schema.machines;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The registry of a {@code vendhub fanout} node, where other processes provision machines and rotate
 * their tokens: every lookup and list reads the database, so the node never answers from a stale
 * copy. Only ownership is cached (bounded): it never changes once a machine exists, and room checks
 * ask for it on every join. This node provisions nothing and rotates nothing, because the MQTT
 * session a rotation must close lives on the {@code vendhub serve} node (docs/operations.md,
 * "Scale-out: vendhub fanout and the event stream").
 */
public final class DatabaseMachineRegistry implements MachineRegistry {

    /** Machines whose owner is remembered. */
    public static final int OWNER_CACHE_SIZE = 100_000;

    private final MachineRepository repository;
    private final Map<UUID, UUID> owners = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, UUID> eldest) {
            return size() > OWNER_CACHE_SIZE;
        }
    };

    public DatabaseMachineRegistry(MachineRepository repository) {
        this.repository = repository;
    }

    @Override
    public Optional<UUID> organizationOf(UUID machineId) {
        synchronized (owners) {
            UUID cached = owners.get(machineId);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        Optional<UUID> owner = find(machineId).map(MachineRecord::organizationId);
        owner.ifPresent(o -> {
            synchronized (owners) {
                owners.put(machineId, o);
            }
        });
        return owner;
    }

    @Override
    public Optional<MachineRecord> find(UUID machineId) {
        try {
            return repository.find(machineId);
        } catch (SQLException e) {
            throw new IllegalStateException("machine lookup failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<MachineRecord> list(Optional<UUID> organizationId) {
        try {
            return repository.list(organizationId);
        } catch (SQLException e) {
            throw new IllegalStateException("machine list failed: " + e.getMessage(), e);
        }
    }

    @Override
    public ProvisionedMachine provision(UUID organizationId, String name, Double lat, Double lng) {
        throw new UnsupportedOperationException("machines are provisioned on a vendhub serve node");
    }

    @Override
    public Optional<ProvisionedMachine> rotateToken(UUID machineId) {
        throw new UnsupportedOperationException("token rotation is not available on this node");
    }
}
