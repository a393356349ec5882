package com.vendhub.realtime.broker.auth;

import com.vendhub.realtime.ingest.pipeline.LogThrottle;
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
 * The contract's device ACL: a machine writes only {@code .../machines/{itself}/telemetry|status}
 * and reads only {@code .../machines/{itself}/ack|commands}. Wildcard filters are never a
 * machine's own topic, so they are refused.
 */
public final class DeviceTopicPolicy implements IAuthorizatorPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceTopicPolicy.class);
    private static final Set<MachineTopicKind> WRITABLE = Set.of(MachineTopicKind.TELEMETRY, MachineTopicKind.STATUS);
    private static final Set<MachineTopicKind> READABLE = Set.of(MachineTopicKind.ACK, MachineTopicKind.COMMANDS);

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
        return decide("publish", topic, user, WRITABLE);
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        return decide("subscribe", topic, user, READABLE);
    }

    private boolean decide(String action, Topic topic, String user, Set<MachineTopicKind> allowed) {
        try {
            String name = topic.toString();
            Optional<MachineTopic> parsed = topics.parseMachineTopic(name);
            if (parsed.isPresent() && parsed.get().machineId().toString().equals(user)
                    && allowed.contains(parsed.get().kind())) {
                return true;
            }
            Counter.builder("vendhub.broker.acl.denied").tag("action", action)
                    .description("Publishes and subscriptions refused by the topic ACL").register(metrics).increment();
            long suppressed = throttle.admit("acl|" + action + "|" + user);
            if (suppressed >= 0) {
                LOG.warn("ACL: {} refused to {} on '{}'{}", action, user, name,
                        suppressed > 0 ? " [" + suppressed + " more refusals not logged]" : "");
            }
            return false;
        } catch (RuntimeException e) {
            LOG.error("ACL check failed unexpectedly for {}; refusing", user, e);
            return false;
        }
    }
}
