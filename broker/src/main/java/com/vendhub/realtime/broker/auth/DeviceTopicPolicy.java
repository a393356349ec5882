package com.vendhub.realtime.broker.auth;

import com.vendhub.realtime.ingest.pipeline.LogThrottle;
import com.vendhub.realtime.schema.text.LogText;
import com.vendhub.realtime.schema.topics.MachineTopic;
import com.vendhub.realtime.schema.topics.MachineTopicKind;
import com.vendhub.realtime.schema.topics.TopicScheme;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
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
     * Whether a client may leave a Last Will on {@code willTopic}: only where it may publish. Moquette
     * 0.17 never asks the policy about Will topics (PostOffice#fireWill publishes straight to the
     * subscribers), so {@code WillGuard} asks here at connect; a refusal is counted as {@code action="will"}.
     */
    public boolean canLeaveWill(String willTopic, String user) {
        return decide("will", willTopic, user, WRITABLE);
    }

    private boolean decide(String action, String name, String user, Set<MachineTopicKind> allowed) {
        try {
            if (ServiceAccounts.isService(user) ? serviceMay(action, name) : machineMay(name, user, allowed)) {
                return true;
            }
            Counter.builder("vendhub.broker.acl.denied").tag("action", action)
                    .description("Publishes and subscriptions refused by the topic ACL").register(metrics).increment();
            long suppressed = throttle.admit("acl|" + action + "|" + user);
            if (suppressed >= 0) {
                LOG.warn("ACL: {} refused to {} on '{}'{}", action, LogText.escape(user), LogText.escape(name),
                        suppressed > 0 ? " [" + suppressed + " more refusals not logged]" : "");
            }
            return false;
        } catch (RuntimeException e) {
            LOG.error("ACL check failed unexpectedly for {}; refusing", LogText.escape(user), e);
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
