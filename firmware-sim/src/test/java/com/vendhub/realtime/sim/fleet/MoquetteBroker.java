package com.vendhub.realtime.sim.fleet;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;

/** An in-process Moquette broker on a free port that records every PUBLISH it receives. */
public final class MoquetteBroker implements AutoCloseable {

    /** One publish as the broker saw it. */
    public record Received(String topic, byte[] payload, boolean retained, int qos, String clientId, String username) {
    }

    private final Server server = new Server();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final int port;

    private MoquetteBroker(IAuthenticator authenticator) throws IOException {
        this.port = freePort();
        Properties p = new Properties();
        p.setProperty("port", Integer.toString(port));
        p.setProperty("host", "127.0.0.1");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("netty.mqtt.message_size", "70000");
        // One interceptor thread keeps each client's publishes in arrival order, which tests rely on.
        p.setProperty("intercept.thread_pool.size", "1");
        server.startServer(new MemoryConfig(p), List.of(new Recorder()), null, authenticator, null);
    }

    /** A broker that accepts every client. */
    public static MoquetteBroker start() throws IOException {
        return new MoquetteBroker(null);
    }

    /** A broker that asks {@code authenticator} about every CONNECT. */
    public static MoquetteBroker start(IAuthenticator authenticator) throws IOException {
        return new MoquetteBroker(authenticator);
    }

    public int port() {
        return port;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stopServer();
    }

    /** A port nothing listens on right now; for the broker, or for a "no broker here" test. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Recorder extends AbstractInterceptHandler {

        @Override
        public String getID() {
            return "test-recorder";
        }

        @Override
        public void onPublish(InterceptPublishMessage msg) {
            try {
                byte[] bytes = new byte[msg.getPayload().readableBytes()];
                msg.getPayload().getBytes(msg.getPayload().readerIndex(), bytes);
                received.add(new Received(msg.getTopicName(), bytes, msg.isRetainFlag(), msg.getQos().value(),
                        msg.getClientID(), msg.getUsername()));
            } finally {
                // Moquette 0.17 hands each interceptor a retained duplicate; releasing it is ours to do.
                msg.getPayload().release();
            }
        }

        @Override
        public void onSessionLoopError(Throwable error) {
            // Not under test.
        }
    }
}
