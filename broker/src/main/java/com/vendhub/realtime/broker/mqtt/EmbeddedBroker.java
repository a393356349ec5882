package com.vendhub.realtime.broker.mqtt;

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
import java.util.List;
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
    private volatile boolean running;

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
        // durability is end to end instead (contract, "Delivery guarantees").
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

    /** Binds and starts; returns the bound MQTT port. */
    public int start(BrokerSettings settings, List<InterceptHandler> handlers, IAuthenticator authenticator,
                     IAuthorizatorPolicy policy) throws IOException {
        server.startServer(new MemoryConfig(properties(settings)), handlers, null, authenticator, policy);
        running = true;
        int port = boundPort();
        LOG.info("MQTT broker listening on {}:{} (MQTT 3.1.1, max packet {} bytes)", settings.host(), port,
                settings.maxPacketBytes());
        return port;
    }

    /**
     * Moquette 0.17 records the bound port from a listener that runs on the acceptor's event loop
     * after {@code bind().sync()} returns (NewNettyAcceptor#initFactory), so {@code getPort()} can
     * still answer 0 right after start; wait for the real port.
     */
    private int boundPort() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            int port;
            try {
                port = server.getPort();
            } catch (java.util.ConcurrentModificationException racingTheListener) {
                // getPort reads a plain HashMap that the bind listener writes on the event loop
                // (NewNettyAcceptor#getPort uses computeIfAbsent): a read can race that write. Ask again.
                port = 0;
            }
            if (port > 0) {
                return port;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the MQTT port", e);
            }
        }
        throw new IOException("the MQTT broker did not report its bound port");
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

    @Override
    public void close() {
        if (running) {
            running = false;
            server.stopServer();
        }
    }
}
