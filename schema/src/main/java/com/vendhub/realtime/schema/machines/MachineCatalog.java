package com.vendhub.realtime.schema.machines;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of the process that provisions and authenticates machines ({@code vendhub serve};
 * the ingest worker looks machines up through one too), cached in memory so that a broker CONNECT or an ownership check never waits for the
 * database. A miss falls through to the database once (a machine provisioned by another process),
 * and provisioning through this catalog updates the cache at once. A cached record goes stale only
 * when another process rotates its token; the fan-out node therefore reads through {@link
 * DatabaseMachineRegistry} instead.
 */
public final class MachineCatalog implements MachineRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(MachineCatalog.class);

    private final MachineRepository repository;
    private final DeviceTokens tokens;
    private final Clock clock;
    private final ConcurrentMap<UUID, MachineRecord> byId = new ConcurrentHashMap<>();
    private final List<Consumer<UUID>> rotationListeners = new CopyOnWriteArrayList<>();

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

    /**
     * Calls {@code listener} with the machine's id after each token rotation: the broker closes the
     * connection opened with the old token, which must not outlive it (docs/operations.md, "Provisioning: vendhub machines").
     */
    public void onTokenRotated(Consumer<UUID> listener) {
        rotationListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
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

    public Collection<MachineRecord> all() {
        return List.copyOf(byId.values());
    }

    @Override
    public List<MachineRecord> list(Optional<UUID> organizationId) {
        return byId.values().stream()
                .filter(m -> organizationId.map(m.organizationId()::equals).orElse(true))
                .sorted(Comparator.comparing(MachineRecord::name).thenComparing(MachineRecord::id))
                .toList();
    }

    /** True when {@code token} is the current device token of {@code machineId}. */
    public boolean verifyToken(UUID machineId, byte[] token) {
        return find(machineId).map(m -> DeviceTokens.matches(token, m.tokenHash())).orElse(false);
    }

    /** Creates a machine with a fresh device token; the token is returned once and never stored. */
    @Override
    public ProvisionedMachine provision(UUID organizationId, String name, Double lat, Double lng) {
        Objects.requireNonNull(organizationId, "organizationId");
        String token = tokens.newToken();
        MachineRecord m = new MachineRecord(UUID.randomUUID(), organizationId, name, lat, lng,
                DeviceTokens.hash(token), clock.instant());
        try {
            repository.insert(m);
        } catch (SQLException e) {
            throw new IllegalStateException("machine not provisioned: " + e.getMessage(), e);
        }
        byId.put(m.id(), m);
        return new ProvisionedMachine(m, token);
    }

    @Override
    public Optional<ProvisionedMachine> rotateToken(UUID machineId) {
        Optional<MachineRecord> existing = find(machineId);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        String token = tokens.newToken();
        byte[] hash = DeviceTokens.hash(token);
        try {
            if (!repository.updateTokenHash(machineId, hash, clock.instant())) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("token not rotated: " + e.getMessage(), e);
        }
        MachineRecord old = existing.get();
        MachineRecord updated = new MachineRecord(old.id(), old.organizationId(), old.name(), old.lat(), old.lng(),
                hash, old.createdAt());
        byId.put(machineId, updated);
        rotationListeners.forEach(listener -> listener.accept(machineId));
        return Optional.of(new ProvisionedMachine(updated, token));
    }
}
