package com.vendhub.realtime.broker.auth;

import com.vendhub.realtime.schema.text.LogText;
import com.vendhub.realtime.schema.text.LogThrottle;
import com.vendhub.realtime.schema.topics.MachineTopic;
import com.vendhub.realtime.schema.topics.MachineTopicKind;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract's topic ACL. A machine writes only {@code .../machines/{itself}/telemetry|status}
 * and reads only {@code .../machines/{itself}/ack|commands}; wildcard filters are never a machine's
 * own topic, so they are refused. A service client ({@link ServiceAccounts}) writes backend events
 * ({@code {prefix}/events/...}) and any machine's {@code ack} and {@code commands}, and reads any
 * filter under {@code {prefix}/machines/} or {@code {prefix}/events/} (ingest, fan-out, record).
 */
public final class DeviceTopicPolicy implements IAuthorizatorPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceTopicPolicy.class);
    private static final Set<MachineTopicKind> WRITABLE = Set.of(MachineTopicKind.TELEMETRY, MachineTopicKind.STATUS);
    private static final Set<MachineTopicKind> READABLE = Set.of(MachineTopicKind.ACK, MachineTopicKind.COMMANDS);
    private static final Set<MachineTopicKind> SERVICE_WRITABLE = READABLE;

    /**
     * A status message is a few dozen bytes ({@code {"status":"offline","timestamp":...}}); a larger Will
     * is not one, so it is refused without parsing.
     */
    static final int MAX_WILL_PAYLOAD_BYTES = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TopicScheme topics;
    private final LogThrottle throttle;
    private final MeterRegistry metrics;

    public DeviceTopicPolicy(TopicScheme topics, LogThrottle throttle, MeterRegistry metrics) {
        this.topics = topics;
        this.throttle = throttle;
        this.metrics = metrics;
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        return decide("publish", topic.toString(), user, WRITABLE);
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        return decide("subscribe", topic.toString(), user, READABLE);
    }

    /**
     * Why a Last Will is refused, or empty when it is the one the contract allows ("Device identity": a
     * machine's Last Will may only be {@code offline} on its own {@code status} topic). Moquette 0.17
     * never asks the policy about a Will: PostOffice#fireWill publishes it straight to the subscribers
     * when the connection is lost, past the ACL and past the interceptors. So the {@code ConnectGuard}
     * asks here before the session exists, and a refused Will never reaches Moquette.
     *
     * <p>A service client may leave no Will at all: on {@code commands}, {@code ack} or {@code events}
     * it would be a message no one checked (the events relay's organization check included).
     *
     * @return {@code will_topic} (not the machine's own status topic, or a service client) or
     *         {@code will_payload} (not a JSON object whose {@code status} is {@code "offline"})
     */
    public Optional<String> willRefusal(String willTopic, byte[] payload, String user) {
        try {
            if (user == null || ServiceAccounts.isService(user) || willTopic == null
                    || !machineMay(willTopic, user, Set.of(MachineTopicKind.STATUS))) {
                return Optional.of(refuseWill("will_topic", willTopic, user));
            }
            if (!isOfflineStatus(payload)) {
                return Optional.of(refuseWill("will_payload", willTopic, user));
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.error("Will check failed unexpectedly for {}; refusing", LogText.escape(user), e);
            return Optional.of("will_topic");
        }
    }

    private String refuseWill(String reason, String willTopic, String user) {
        Counter.builder("vendhub.broker.acl.denied").tag("action", "will")
                .description("Publishes and subscriptions refused by the topic ACL").register(metrics).increment();
        long suppressed = throttle.admit("acl|will|" + reason);
        if (suppressed >= 0) {
            LOG.warn("ACL: Last Will refused to '{}' on '{}': {}{}", LogText.escape(user), LogText.escape(willTopic),
                    reason, suppressed > 0 ? " [" + suppressed + " more refused Wills not logged]" : "");
        }
        return reason;
    }

    private static boolean isOfflineStatus(byte[] payload) {
        if (payload == null || payload.length == 0 || payload.length > MAX_WILL_PAYLOAD_BYTES) {
            return false;
        }
        try {
            JsonNode status = JSON.readTree(payload);
            return status != null && status.isObject() && "offline".equals(status.path("status").textValue());
        } catch (IOException e) {
            return false;
        }
    }

    private boolean decide(String action, String name, String user, Set<MachineTopicKind> allowed) {
        try {
            if (ServiceAccounts.isService(user) ? serviceMay(action, name) : machineMay(name, user, allowed)) {
                return true;
            }
            Counter.builder("vendhub.broker.acl.denied").tag("action", action)
                    .description("Publishes and subscriptions refused by the topic ACL").register(metrics).increment();
            // One line per cause (the action) and interval, whoever the client: Moquette's own line for the
            // same refusal is dropped (MoquetteRefusalLogFilter), so this is the only one.
            long suppressed = throttle.admit("acl|" + action);
            if (suppressed >= 0) {
                LOG.warn("ACL: {} refused to '{}' on '{}'{}", action, LogText.escape(user), LogText.escape(name),
                        suppressed > 0 ? " [" + suppressed + " more " + action + " refusals not logged]" : "");
            }
            return false;
        } catch (RuntimeException e) {
            LOG.error("ACL check failed unexpectedly for '{}'; refusing", LogText.escape(user), e);
            return false;
        }
    }

    private boolean machineMay(String name, String user, Set<MachineTopicKind> allowed) {
        Optional<MachineTopic> parsed = topics.parseMachineTopic(name);
        return parsed.isPresent() && parsed.get().machineId().toString().equals(user)
                && allowed.contains(parsed.get().kind());
    }

    private boolean serviceMay(String action, String name) {
        if ("subscribe".equals(action)) {
            return name.startsWith(topics.prefix() + "/machines/") || name.startsWith(topics.prefix() + "/events/");
        }
        if (topics.parseEventRoom(name).isPresent()) {
            return true;
        }
        Optional<MachineTopic> parsed = topics.parseMachineTopic(name);
        return parsed.isPresent() && SERVICE_WRITABLE.contains(parsed.get().kind());
    }
}
