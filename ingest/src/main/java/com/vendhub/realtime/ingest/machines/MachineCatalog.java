package com.vendhub.realtime.ingest.machines;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machines this process knows, cached in memory so that a broker CONNECT or an ownership check
 * never waits for the database. A miss falls through to the database once (a machine provisioned by
 * another process), and provisioning through this catalog updates the cache at once.
 */
public final class MachineCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(MachineCatalog.class);

    private final MachineRepository repository;
    private final DeviceTokens tokens;
    private final Clock clock;
    private final ConcurrentMap<UUID, MachineRecord> byId = new ConcurrentHashMap<>();

    public MachineCatalog(MachineRepository repository, DeviceTokens tokens, Clock clock) {
        this.repository = repository;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Loads every machine; called once at start. */
    public int load() throws SQLException {
        List<MachineRecord> all = repository.findAll();
        all.forEach(m -> byId.put(m.id(), m));
        return all.size();
    }

    public Optional<MachineRecord> find(UUID id) {
        MachineRecord cached = byId.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            Optional<MachineRecord> loaded = repository.find(id);
            loaded.ifPresent(m -> byId.put(m.id(), m));
            return loaded;
        } catch (SQLException e) {
            LOG.warn("machine lookup for {} failed, treating it as unknown: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    /** The machine when it is in memory; never asks the database. */
    public Optional<MachineRecord> findCached(UUID id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Optional<UUID> organizationOf(UUID machineId) {
        return find(machineId).map(MachineRecord::organizationId);
    }

    public Collection<MachineRecord> all() {
        return List.copyOf(byId.values());
    }

    /** True when {@code token} is the current device token of {@code machineId}. */
    public boolean verifyToken(UUID machineId, byte[] token) {
        return find(machineId).map(m -> DeviceTokens.matches(token, m.tokenHash())).orElse(false);
    }

    /** Creates a machine with a fresh device token; the token is returned once and never stored. */
    public ProvisionedMachine provision(UUID organizationId, String name, Double lat, Double lng) throws SQLException {
        Objects.requireNonNull(organizationId, "organizationId");
        String token = tokens.newToken();
        MachineRecord m = new MachineRecord(UUID.randomUUID(), organizationId, name, lat, lng,
                DeviceTokens.hash(token), clock.instant());
        repository.insert(m);
        byId.put(m.id(), m);
        return new ProvisionedMachine(m, token);
    }

    /** Gives a machine a new token; the old one stops verifying at once. Empty when no such machine. */
    public Optional<ProvisionedMachine> rotateToken(UUID machineId) throws SQLException {
        Optional<MachineRecord> existing = find(machineId);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        String token = tokens.newToken();
        byte[] hash = DeviceTokens.hash(token);
        if (!repository.updateTokenHash(machineId, hash, clock.instant())) {
            return Optional.empty();
        }
        MachineRecord old = existing.get();
        MachineRecord updated = new MachineRecord(old.id(), old.organizationId(), old.name(), old.lat(), old.lng(),
                hash, old.createdAt());
        byId.put(machineId, updated);
        return Optional.of(new ProvisionedMachine(updated, token));
    }
}
