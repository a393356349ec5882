package com.vendhub.realtime.broker.mqtt;

import com.vendhub.realtime.broker.auth.ServiceAccounts;
import com.vendhub.realtime.ingest.pipeline.PublishHandoff;
import com.vendhub.realtime.schema.text.LogText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptConnectionLostMessage;
import io.moquette.interception.messages.InterceptDisconnectMessage;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBufUtil;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moquette interceptor that hands every published message and connection event to ingest's
 * {@link PublishHandoff}, which spools a reading's raw bytes and queues the rest for the ingest
 * thread: this thread does almost nothing, so Moquette's unbounded interceptor queue (where
 * acknowledged messages wait) stays short. It copies the payload out and releases Moquette's buffer
 * at once, and never throws back into the broker (a throwing hook kills a Moquette session loop for
 * good).
 *
 * <p>A connection's end makes its machine offline only when no newer connection holds the client id:
 * in Moquette 0.17 a second CONNECT with the same id takes over (SessionRegistry#reopenExistingSession
 * closes the old channel), and the old connection's connection-lost event, dispatched from the session
 * loop after its channel closes (MQTTConnection#handleConnectionLost), can reach the interceptors
 * after the new connection's connect event, dispatched once its CONNACK is written. The events carry
 * only the client id, so the broker's session table is asked ({@code stillConnected}): a connected
 * session for the id means the event belongs to a replaced connection, and it is counted and ignored.
 */
public final class IngestHandoff extends AbstractInterceptHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IngestHandoff.class);

    private final PublishHandoff ingest;
    private final ServiceEventRelay events;
    private final Counter hookErrors;
    private final Counter sessionLoopErrors;
    private final Counter staleConnectionEvents;
    private final Predicate<String> stillConnected;
    private volatile long lastEventNanos = System.nanoTime();

    public IngestHandoff(PublishHandoff ingest, MeterRegistry metrics) {
        this(ingest, null, metrics);
    }

    /** As below, with every connection end taken as the client's last one. */
    public IngestHandoff(PublishHandoff ingest, ServiceEventRelay events, MeterRegistry metrics) {
        this(ingest, events, clientId -> false, metrics);
    }

    /**
     * {@code events} (null: none) receives services' publishes on {@code {prefix}/events/...} instead of
     * ingest, which would dead-letter them as "not a machine topic"; {@code stillConnected} says whether the
     * broker has a connected session for a client id now.
     */
    public IngestHandoff(PublishHandoff ingest, ServiceEventRelay events, Predicate<String> stillConnected,
            MeterRegistry metrics) {
        this.ingest = ingest;
        this.events = events;
        this.stillConnected = stillConnected;
        this.staleConnectionEvents = Counter.builder("vendhub.broker.connection.events.stale")
                .description("Connection-closed events of a connection a newer one with the same client id "
                        + "had already replaced (a takeover); ignored").register(metrics);
        this.hookErrors = Counter.builder("vendhub.broker.hook.errors").register(metrics);
        this.sessionLoopErrors = Counter.builder("vendhub.broker.session.loop.errors")
                .description("Errors Moquette reported from a session loop").register(metrics);
    }

    @Override
    public String getID() {
        return "vendhub-ingest";
    }

    @Override
    public void onPublish(InterceptPublishMessage msg) {
        lastEventNanos = System.nanoTime();
        try {
            if (ServiceAccounts.isService(msg.getUsername())
                    && (msg.getTopicName().endsWith("/ack") || msg.getTopicName().endsWith("/commands"))) {
                return; // the platform talking to a machine: nothing for ingest
            }
            byte[] payload = ByteBufUtil.getBytes(msg.getPayload());
            // Only services may publish there (DeviceTopicPolicy); backend events are few and their decode
            // is one streaming pass, about the cost of a spool append, so it is done here, in arrival order.
            if (events != null && ServiceAccounts.isService(msg.getUsername()) && events.isEventTopic(msg.getTopicName())) {
                events.relay(msg.getClientID(), msg.getTopicName(), payload);
                return;
            }
            ingest.publish(msg.getTopicName(), msg.getClientID(), payload);
        } catch (RuntimeException e) {
            hookErrors.increment();
            LOG.error("publish hand-off failed for {}", LogText.escape(msg.getClientID()), e);
        } finally {
            super.onPublish(msg);
        }
    }

    @Override
    public void onConnect(InterceptConnectMessage msg) {
        lastEventNanos = System.nanoTime();
        try {
            ingest.connected(msg.getClientID());
        } catch (RuntimeException e) {
            hookErrors.increment();
            LOG.error("connect hand-off failed for {}", LogText.escape(msg.getClientID()), e);
        }
    }

    @Override
    public void onDisconnect(InterceptDisconnectMessage msg) {
        closed(msg.getClientID(), "disconnect");
    }

    @Override
    public void onConnectionLost(InterceptConnectionLostMessage msg) {
        closed(msg.getClientID(), "connection-lost");
    }

    private void closed(String clientId, String event) {
        lastEventNanos = System.nanoTime();
        try {
            if (stillConnected.test(clientId)) {
                staleConnectionEvents.increment();
                return;
            }
            ingest.disconnected(clientId);
        } catch (RuntimeException e) {
            hookErrors.increment();
            LOG.error("{} hand-off failed for {}", event, LogText.escape(clientId), e);
        }
    }

    /**
     * When ({@link System#nanoTime()}) Moquette last ran one of these hooks: a graceful shutdown waits
     * until messages acknowledged before its gate closed have come through.
     */
    public long lastEventNanos() {
        return lastEventNanos;
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        sessionLoopErrors.increment();
        LOG.error("Moquette session loop error", error);
    }
}
