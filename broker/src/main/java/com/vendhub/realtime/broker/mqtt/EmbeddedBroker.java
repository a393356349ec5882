package com.vendhub.realtime.broker.mqtt;

import com.vendhub.realtime.schema.text.LogText;
import io.moquette.broker.ISslContextCreator;
import io.moquette.broker.ClientDescriptor;
import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.interception.InterceptHandler;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Moquette 0.17, configured safely and started with our authenticator, ACL and ingest hand-off. */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    /** The client id Moquette logs for platform messages published through {@link #publish}. */
    static final String INTERNAL_CLIENT_ID = "vendhub-platform";

    private final Server server = new Server();
    /** Moquette's value for a listener that is switched off (BrokerConstants.DISABLED_PORT_BIND). */
    private static final String DISABLED_PORT = "disabled";

    private volatile boolean running;
    private volatile int tlsPort;

    /** The Moquette properties for these settings; package-visible so the safety choices are tested. */
    static Properties properties(BrokerSettings settings) {
        Properties p = new Properties();
        p.setProperty(IConfig.HOST_PROPERTY_NAME, settings.host());
        p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(settings.port()));
        // Moquette allows anonymous clients by default; every device must present its token.
        p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "false");
        p.setProperty("allow_zero_byte_client_id", "false");
        // Moquette phones home at start unless told not to (Server#collectAndSendTelemetryDataAsynch).
        p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        // Its H2/segment persistence never syncs to disk, so it would promise durability it lacks;
        // durability is end to end instead (docs/contract.md, "Delivery guarantees").
        p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        // The default cap is 8092 bytes; raise it above the 64 KiB payload limit (see BrokerSettings).
        p.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(settings.maxPacketBytes()));
        p.setProperty(IConfig.SESSION_QUEUE_SIZE, Integer.toString(settings.sessionQueueSize()));
        p.setProperty("use_metrics", "false");
        p.setProperty("use_bugsnag", "false");
        // Interceptors run on one thread, in publish order; they do no I/O (ingest only enqueues).
        p.setProperty("intercept.thread_pool.size", "1");
        return p;
    }

    /**
     * Binds and starts, with MQTT over TLS when {@code tls} is given; returns the bound plain MQTT
     * port, or 0 when plain MQTT is switched off ({@link #tlsPort()} has the TLS one). Every connection
     * passes {@code guard} before Moquette sees its CONNECT, and the authenticator refuses any that did not
     * ({@link GuardedAuthenticator}); the start fails when the guard cannot be installed.
     */
    public int start(BrokerSettings settings, Optional<MqttTls> tls, List<InterceptHandler> handlers,
                     IAuthenticator authenticator, IAuthorizatorPolicy policy, ConnectGuard guard) throws IOException {
        Properties p = properties(settings);
        boolean plain = tls.map(MqttTls::plainEnabled).orElse(true);
        // Moquette 0.17 records bound ports in a plain HashMap that its acceptor thread fills while
        // getPort() calls computeIfAbsent on it (NewNettyAcceptor): a racing read can lose the port
        // for good. So "any free port" is resolved here and Moquette binds a concrete one.
        int port = plain ? concretePort(settings.host(), settings.port()) : 0;
        p.setProperty(IConfig.PORT_PROPERTY_NAME, plain ? Integer.toString(port) : DISABLED_PORT);
        ISslContextCreator ssl = null;
        if (tls.isPresent()) {
            ssl = new PemSslContextCreator(tls.get());
            tlsPort = concretePort(settings.host(), tls.get().port());
            p.setProperty(IConfig.SSL_PORT_PROPERTY_NAME, Integer.toString(tlsPort));
        }
        server.startServer(new MemoryConfig(p), handlers, ssl, new GuardedAuthenticator(authenticator, guard), policy);
        try {
            // The guard first, then the barrier that holds what follows an accepted CONNECT until Moquette
            // has marked the connection connected (ConnAckBarrier says why).
            java.util.LinkedHashMap<String, io.netty.channel.ChannelHandler> installed = new java.util.LinkedHashMap<>();
            installed.put(ConnectGuard.NAME, guard);
            installed.put(ConnAckBarrier.NAME, ConnAckBarrier.create(guard.throttle(), guard.metrics()));
            int listeners = PipelineHook.install(server, installed);
            int expected = (plain ? 1 : 0) + (tls.isPresent() ? 1 : 0);
            if (listeners < expected) {
                throw new IOException("the CONNECT guard is on " + listeners + " of " + expected + " MQTT listeners");
            }
        } catch (IOException | RuntimeException e) {
            server.stopServer();
            throw e;
        }
        running = true;
        if (plain) {
            LOG.info("MQTT broker listening on {}:{} (MQTT 3.1.1, max packet {} bytes)", settings.host(), port,
                    settings.maxPacketBytes());
        }
        if (tls.isPresent()) {
            LOG.info("MQTT over TLS listening on {}:{}{}", settings.host(), tlsPort,
                    plain ? "" : " (plain MQTT switched off)");
        }
        return port;
    }

    /** The bound MQTT over TLS port; 0 without TLS. */
    public int tlsPort() {
        return tlsPort;
    }

    /** {@code requested}, or a port that is free right now when {@code requested} is 0. */
    private static int concretePort(String host, int requested) throws IOException {
        if (requested != 0) {
            return requested;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, 0));
            return probe.getLocalPort();
        }
    }

    /**
     * Closes a client's connection at once (Moquette's Server#disconnectClient); false when no such
     * client is connected. Safe from any thread.
     */
    public boolean disconnect(String clientId) {
        if (!running) {
            return false;
        }
        try {
            boolean dropped = server.disconnectClient(clientId);
            if (dropped) {
                LOG.info("MQTT client {} disconnected by the platform", LogText.escape(clientId));
            }
            return dropped;
        } catch (RuntimeException e) {
            LOG.warn("could not disconnect MQTT client {}", LogText.escape(clientId), e);
            return false;
        }
    }

    /**
     * Whether Moquette has a connected session for {@code clientId} right now. Moquette 0.17 has no
     * look-up by client id (SessionRegistry#retrieve is package-private), so this is one pass over the
     * connected sessions; it is asked once per ended connection.
     */
    public boolean isConnected(String clientId) {
        if (!running) {
            return false;
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                for (ClientDescriptor c : server.listConnectedClients()) {
                    if (clientId.equals(c.getClientID())) {
                        return true;
                    }
                }
                return false;
            } catch (RuntimeException sessionClosingMeanwhile) {
                // Session#remoteAddress reads a connection that a takeover is clearing at this moment; ask again.
            }
        }
        return false;
    }

    /**
     * Publishes a platform message (QoS 1, not retained) to the topic's subscribers. Moquette's
     * {@code Server#internalPublish} routes it without running interceptors, so platform messages
     * never loop back into ingest. Returns false when the broker is not running.
     */
    public boolean publish(String topic, byte[] payload) {
        if (!running) {
            return false;
        }
        MqttPublishMessage message = MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(MqttQoS.AT_LEAST_ONCE)
                .retained(false)
                .payload(Unpooled.wrappedBuffer(payload))
                .build();
        server.internalPublish(message, INTERNAL_CLIENT_ID);
        return true;
    }

    public boolean isRunning() {
        return running;
    }

    /** Stops Moquette (about two seconds: it waits for its event loops) and says so, for the shutdown log. */
    @Override
    public void close() {
        if (running) {
            running = false;
            long started = System.nanoTime();
            server.stopServer();
            LOG.info("shutdown: MQTT broker stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }
}
