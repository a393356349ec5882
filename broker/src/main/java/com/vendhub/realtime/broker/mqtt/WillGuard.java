package com.vendhub.realtime.broker.mqtt;

import com.vendhub.realtime.broker.auth.DeviceTopicPolicy;
import com.vendhub.realtime.schema.text.LogText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the session of a client whose Last Will names a topic it may not publish on (a machine may
 * leave a Will only on its own {@code status} topic). Moquette 0.17 checks neither the Will at
 * CONNECT nor when it fires (PostOffice#fireWill publishes straight to subscribers), so this is
 * where the ACL meets the Will. The ingest path never sees a Will at all (Moquette does not pass
 * fired Wills to interceptors), so a foreign Will can change no machine's status either way.
 */
public final class WillGuard extends AbstractInterceptHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WillGuard.class);

    private final DeviceTopicPolicy policy;
    private final Consumer<String> disconnect;
    private final Counter closed;

    /**
     * @param policy     the topic ACL
     * @param disconnect closes a client's session by client id (the broker's)
     * @param metrics    where {@code vendhub_broker_will_refused_total} is counted
     */
    public WillGuard(DeviceTopicPolicy policy, Consumer<String> disconnect, MeterRegistry metrics) {
        this.policy = policy;
        this.disconnect = disconnect;
        this.closed = Counter.builder("vendhub.broker.will.refused")
                .description("Sessions closed because their Last Will named a topic the client may not publish on")
                .register(metrics);
    }

    @Override
    public String getID() {
        return "vendhub-will-guard";
    }

    @Override
    public void onConnect(InterceptConnectMessage msg) {
        try {
            if (msg.isWillFlag() && !policy.canLeaveWill(msg.getWillTopic(), msg.getUsername())) {
                closed.increment();
                disconnect.accept(msg.getClientID());
            }
        } catch (RuntimeException e) {
            // Never throw into Moquette: it would kill the session loop.
            LOG.error("Will check failed for {}", LogText.escape(msg.getClientID()), e);
        }
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        // IngestHandoff logs and counts session loop errors; one report is enough.
    }
}
