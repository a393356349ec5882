package com.vendhub.realtime.broker.mqtt;

import com.vendhub.realtime.schema.text.LogText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptConnectionLostMessage;
import io.moquette.interception.messages.InterceptDisconnectMessage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The most MQTT sessions at once. Moquette 0.17 has no connection limit and no hook before a
 * session is accepted, so a session over the limit is closed as soon as its CONNECT is seen here
 * (it has had its CONNACK; it is counted and logged, and holds nothing afterwards). A client id counts
 * once however often it reconnects; when a connection ends while a newer one took over its client id
 * (see {@link IngestHandoff}), the id stays counted.
 */
public final class ConnectionLimit extends AbstractInterceptHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimit.class);

    private final int max;
    private final Consumer<String> disconnect;
    private final Predicate<String> stillConnected;
    private final Set<String> connected = ConcurrentHashMap.newKeySet();
    private final Counter refused;
    private volatile long lastLogNanos;

    public ConnectionLimit(int max, Consumer<String> disconnect, MeterRegistry metrics) {
        this(max, disconnect, clientId -> false, metrics);
    }

    /** As above; {@code stillConnected} says whether the broker has a connected session for a client id now. */
    public ConnectionLimit(int max, Consumer<String> disconnect, Predicate<String> stillConnected,
            MeterRegistry metrics) {
        this.max = max;
        this.disconnect = disconnect;
        this.stillConnected = stillConnected;
        this.refused = Counter.builder("vendhub.broker.connections.refused").tag("reason", "max_connections")
                .description("MQTT sessions closed because the connection limit was reached").register(metrics);
        Gauge.builder("vendhub.broker.connections", connected, Set::size)
                .description("MQTT sessions open now").register(metrics);
    }

    @Override
    public String getID() {
        return "vendhub-connection-limit";
    }

    @Override
    public void onConnect(InterceptConnectMessage msg) {
        try {
            String id = msg.getClientID();
            if (connected.contains(id)) {
                return; // a session taking over its own client id: still one connection
            }
            if (connected.size() >= max) {
                refused.increment();
                long now = System.nanoTime();
                if (now - lastLogNanos > 10_000_000_000L) {
                    lastLogNanos = now;
                    LOG.warn("MQTT connection limit of {} reached: closing {} (more are counted in "
                            + "vendhub_broker_connections_refused_total, logged at most every 10 s)", max, id);
                }
                disconnect.accept(id);
                return;
            }
            connected.add(id);
        } catch (RuntimeException e) {
            LOG.error("connection limit check failed for {}", LogText.escape(msg.getClientID()), e);
        }
    }

    @Override
    public void onDisconnect(InterceptDisconnectMessage msg) {
        closed(msg.getClientID());
    }

    @Override
    public void onConnectionLost(InterceptConnectionLostMessage msg) {
        closed(msg.getClientID());
    }

    private void closed(String clientId) {
        try {
            if (!stillConnected.test(clientId)) {
                connected.remove(clientId);
            }
        } catch (RuntimeException e) {
            LOG.error("connection limit bookkeeping failed for {}", clientId, e);
        }
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        // IngestHandoff logs and counts session loop errors.
    }
}
