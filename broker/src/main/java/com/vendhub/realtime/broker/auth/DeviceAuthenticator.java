package com.vendhub.realtime.broker.auth;

import com.vendhub.realtime.schema.machines.MachineCatalog;
import com.vendhub.realtime.schema.text.LogText;
import com.vendhub.realtime.schema.text.LogThrottle;
import io.micrometer.core.instrument.MeterRegistry;
import io.moquette.broker.security.IAuthenticator;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every MQTT CONNECT: a machine against the catalog (known machine, matching ids, current
 * token), a {@code svc:} client against the {@link ServiceAccounts}.
 */
public final class DeviceAuthenticator implements IAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceAuthenticator.class);

    private final MachineCatalog machines;
    private final ConnectRefusals refusals;
    private final MeterRegistry metrics;
    private final ServiceAccounts services;
    private final ConnectRateLimiter perSource;
    private final ConnectRateLimiter catalogMisses;

    /**
     * @param perSource     accepted CONNECTs per client id (the only source Moquette 0.17's
     *                      authenticator sees: it is given no remote address); charged only once the
     *                      credentials are valid
     * @param catalogMisses look-ups of machines not in memory, which cost a database query on a
     *                      broker event loop; keyed by one global key, so a flood of made-up ids
     *                      cannot stall the broker
     */
    public DeviceAuthenticator(MachineCatalog machines, ServiceAccounts services, ConnectRateLimiter perSource,
                               ConnectRateLimiter catalogMisses, LogThrottle throttle, MeterRegistry metrics) {
        this.machines = machines;
        this.services = services;
        this.perSource = perSource;
        this.catalogMisses = catalogMisses;
        this.refusals = new ConnectRefusals("vendhub.broker.auth.denied", "Refused MQTT CONNECTs, by reason", 64, LOG,
                throttle, metrics);
        this.metrics = metrics;
    }

    /**
     * Checks the credentials first and charges the per-source CONNECT rate only for valid ones: a rate
     * counted before the password check would let anyone lock a machine out by sending CONNECTs with its id
     * and any password, and would store every made-up client id (docs/security.md, "CONNECT: checked before
     * a session exists"). Refused attempts
     * are counted by reason in {@code vendhub_broker_auth_denied_total} and cost a hash of the password
     * (machines are held in memory; look-ups of unknown ones are limited globally by {@code catalogMisses}).
     */
    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        try {
            Optional<String> badId = ClientIdForm.refusal(clientId);
            if (badId.isPresent()) {
                return deny(badId.get(), clientId); // ConnectGuard refuses these first; never store one
            }
            if (username == null || password == null) {
                return deny("anonymous", clientId);
            }
            Optional<String> refused = ServiceAccounts.isService(username)
                    ? services.refusal(clientId, username, password)
                    : machineRefusal(clientId, username, password);
            if (refused.isPresent()) {
                return deny(refused.get(), clientId);
            }
            if (!perSource.tryAcquire(clientId)) {
                return deny("connect_rate", clientId);
            }
            metrics.counter("vendhub.broker.auth.accepted").increment();
            return true;
        } catch (RuntimeException e) {
            LOG.error("authentication of '{}' failed unexpectedly; refusing it", LogText.escape(clientId), e);
            return deny("internal_error", clientId);
        }
    }

    private Optional<String> machineRefusal(String clientId, String username, byte[] password) {
        if (!username.equals(clientId)) {
            return Optional.of("client_id_mismatch");
        }
        UUID machineId;
        try {
            machineId = UUID.fromString(username);
        } catch (IllegalArgumentException e) {
            return Optional.of("not_a_machine_id");
        }
        if (!machineId.toString().equals(username)) {
            return Optional.of("not_a_machine_id");
        }
        if (machines.findCached(machineId).isEmpty() && !catalogMisses.tryAcquire("catalog")) {
            return Optional.of("catalog_miss_rate");
        }
        if (machines.find(machineId).isEmpty()) {
            return Optional.of("unknown_machine");
        }
        if (!machines.verifyToken(machineId, password)) {
            return Optional.of("bad_token");
        }
        return Optional.empty();
    }

    private boolean deny(String reason, String clientId) {
        refusals.refused(reason, clientId);
        return false;
    }
}
