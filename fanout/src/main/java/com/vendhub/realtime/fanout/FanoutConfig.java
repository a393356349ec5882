package com.vendhub.realtime.fanout;

import java.time.Duration;
import java.util.Objects;

/**
 * Every setting and bound of the fan-out node. Defaults ({@link #defaults()}) follow the
 * reference Socket.IO server where one exists.
 *
 * @param host interface to bind, default {@code 0.0.0.0}
 * @param port TCP port, default 8080; 0 picks a free port (see {@link FanoutServer#start()})
 * @param pingInterval Engine.IO heartbeat period, default 25 s (announced in the open packet)
 * @param pingTimeout how long a pong may take before the session is closed, default 20 s
 * @param connectTimeout how long an Engine.IO session may stay without a Socket.IO CONNECT, default 45 s
 * @param maxPayloadBytes largest message a client may send, default 1,000,000 (announced as {@code maxPayload})
 * @param webSocketMaxFrameBytes largest single WebSocket frame accepted, default 1,000,000
 * @param writeBufferLowWaterMark a socket becomes writable again below this many pending bytes, default 256 KiB
 * @param writeBufferHighWaterMark a socket becomes unwritable above this many pending bytes, default 1 MiB
 * @param slowClientGrace how long a socket may stay unwritable before it is disconnected, default 5 s
 * @param maxOutboundBytesPerSocket pending bytes at which an unwritable socket is disconnected at once, default 4 MiB
 * @param maxRoomsPerSocket rooms one socket may join, default 1000
 * @param maxPendingCommandsPerSocket subscribe/unsubscribe requests of one socket waiting for a worker, default 64
 * @param restBodyLimitBytes largest HTTP request body, default 64 KiB (413 beyond)
 * @param maxHttpHeaderBytes total size of HTTP request headers, default 8 KiB
 * @param httpIdleTimeout an HTTP connection (not upgraded to websocket) with no request in flight for this long is
 *     closed, default 60 s ({@code --http-idle-timeout}). Only a complete answered request resets it, not any
 *     byte, so a client sending one byte every 20 s cannot keep a connection
 * @param httpHeaderTimeout the request line and headers must have arrived this long after the connection opened
 *     or the request's first byte, default 10 s ({@code --http-header-timeout}); past it the connection is closed
 * @param httpBodyTimeout a request body must have arrived this long after its headers, default 30 s
 *     ({@code --http-body-timeout}); past it the connection gets 408 and is closed
 * @param httpMaxConnections open TCP connections on the HTTP port (REST, polling and websocket alike), default
 *     10,000 ({@code --http-max-connections}); one more gets 503 and is closed
 * @param jwtExpiryGrace a Socket.IO socket is disconnected this long after its token's {@code exp}, default 30 s
 *     ({@code --jwt-expiry-grace}), the clock skew REST tolerates on the same token
 * @param workerThreads threads for REST, readiness, metrics and room checks (they may block), default 4
 * @param workerQueueCapacity tasks waiting for a worker; beyond it REST answers 429 and subscribes are refused, default 256
 * @param ioThreads Netty event-loop threads; 0 means one per core (see {@link FanoutServer#start()})
 * @param corsOrigin the allowed browser origins, comma-separated ({@code --cors-origins}); default {@code *} (the
 *     seed's {@code CORS_ORIGIN} default): any origin, without credentials. A listed origin is echoed, and on
 *     Engine.IO with {@code Access-Control-Allow-Credentials: true}; empty sends no CORS headers (socket.io
 *     with {@code cors} unset). See {@link com.vendhub.realtime.fanout.http.Cors}
 * @param pollingMaxPendingPackets packets a long-polling client may have waiting for its next GET, default 1000;
 *     past it the client is disconnected as a slow client
 * @param upgradeTimeout how long a probing websocket may take to complete the upgrade, default 10 s (reference)
 * @param recoveryWindow how long a disconnected socket's state is kept for connection state recovery, default
 *     2 min (socket.io's {@code maxDisconnectionDuration})
 * @param recoveryMaxEvents broadcasts kept for recovery, default 100,000 (oldest evicted first)
 * @param recoveryMaxBytes bytes of broadcasts kept for recovery, default 64 MiB (oldest evicted first)
 * @param recoveryMaxSessions disconnected sessions kept for recovery, default 100,000 (oldest evicted first)
 */
public record FanoutConfig(
        String host,
        int port,
        Duration pingInterval,
        Duration pingTimeout,
        Duration connectTimeout,
        int maxPayloadBytes,
        int webSocketMaxFrameBytes,
        int writeBufferLowWaterMark,
        int writeBufferHighWaterMark,
        Duration slowClientGrace,
        long maxOutboundBytesPerSocket,
        int maxRoomsPerSocket,
        int maxPendingCommandsPerSocket,
        int restBodyLimitBytes,
        int maxHttpHeaderBytes,
        Duration httpIdleTimeout,
        Duration httpHeaderTimeout,
        Duration httpBodyTimeout,
        int httpMaxConnections,
        Duration jwtExpiryGrace,
        int workerThreads,
        int workerQueueCapacity,
        int ioThreads,
        String corsOrigin,
        int pollingMaxPendingPackets,
        Duration upgradeTimeout,
        Duration recoveryWindow,
        int recoveryMaxEvents,
        long recoveryMaxBytes,
        int recoveryMaxSessions) {

    public FanoutConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(corsOrigin, "corsOrigin");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        positive("pingInterval", pingInterval);
        positive("pingTimeout", pingTimeout);
        positive("connectTimeout", connectTimeout);
        positive("httpIdleTimeout", httpIdleTimeout);
        positive("httpHeaderTimeout", httpHeaderTimeout);
        positive("httpBodyTimeout", httpBodyTimeout);
        positive("httpMaxConnections", httpMaxConnections);
        notNegative("jwtExpiryGrace", jwtExpiryGrace);
        notNegative("slowClientGrace", slowClientGrace);
        positive("maxPayloadBytes", maxPayloadBytes);
        positive("webSocketMaxFrameBytes", webSocketMaxFrameBytes);
        positive("writeBufferLowWaterMark", writeBufferLowWaterMark);
        positive("writeBufferHighWaterMark", writeBufferHighWaterMark);
        if (writeBufferLowWaterMark > writeBufferHighWaterMark) {
            throw new IllegalArgumentException("writeBufferLowWaterMark must not exceed writeBufferHighWaterMark");
        }
        if (maxOutboundBytesPerSocket < writeBufferHighWaterMark) {
            throw new IllegalArgumentException("maxOutboundBytesPerSocket must be at least writeBufferHighWaterMark");
        }
        positive("maxRoomsPerSocket", maxRoomsPerSocket);
        positive("maxPendingCommandsPerSocket", maxPendingCommandsPerSocket);
        positive("restBodyLimitBytes", restBodyLimitBytes);
        positive("maxHttpHeaderBytes", maxHttpHeaderBytes);
        positive("workerThreads", workerThreads);
        positive("workerQueueCapacity", workerQueueCapacity);
        positive("pollingMaxPendingPackets", pollingMaxPendingPackets);
        positive("upgradeTimeout", upgradeTimeout);
        positive("recoveryWindow", recoveryWindow);
        positive("recoveryMaxEvents", recoveryMaxEvents);
        positive("recoveryMaxBytes", recoveryMaxBytes);
        positive("recoveryMaxSessions", recoveryMaxSessions);
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must not be negative");
        }
    }

    public static FanoutConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.pingInterval = pingInterval;
        b.pingTimeout = pingTimeout;
        b.connectTimeout = connectTimeout;
        b.maxPayloadBytes = maxPayloadBytes;
        b.webSocketMaxFrameBytes = webSocketMaxFrameBytes;
        b.writeBufferLowWaterMark = writeBufferLowWaterMark;
        b.writeBufferHighWaterMark = writeBufferHighWaterMark;
        b.slowClientGrace = slowClientGrace;
        b.maxOutboundBytesPerSocket = maxOutboundBytesPerSocket;
        b.maxRoomsPerSocket = maxRoomsPerSocket;
        b.maxPendingCommandsPerSocket = maxPendingCommandsPerSocket;
        b.restBodyLimitBytes = restBodyLimitBytes;
        b.maxHttpHeaderBytes = maxHttpHeaderBytes;
        b.httpIdleTimeout = httpIdleTimeout;
        b.httpHeaderTimeout = httpHeaderTimeout;
        b.httpBodyTimeout = httpBodyTimeout;
        b.httpMaxConnections = httpMaxConnections;
        b.jwtExpiryGrace = jwtExpiryGrace;
        b.workerThreads = workerThreads;
        b.workerQueueCapacity = workerQueueCapacity;
        b.ioThreads = ioThreads;
        b.corsOrigin = corsOrigin;
        b.pollingMaxPendingPackets = pollingMaxPendingPackets;
        b.upgradeTimeout = upgradeTimeout;
        b.recoveryWindow = recoveryWindow;
        b.recoveryMaxEvents = recoveryMaxEvents;
        b.recoveryMaxBytes = recoveryMaxBytes;
        b.recoveryMaxSessions = recoveryMaxSessions;
        return b;
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void notNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** Builds a {@link FanoutConfig}; every field starts at its documented default. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8080;
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration pingTimeout = Duration.ofSeconds(20);
        private Duration connectTimeout = Duration.ofSeconds(45);
        private int maxPayloadBytes = 1_000_000;
        private int webSocketMaxFrameBytes = 1_000_000;
        private int writeBufferLowWaterMark = 256 * 1024;
        private int writeBufferHighWaterMark = 1024 * 1024;
        private Duration slowClientGrace = Duration.ofSeconds(5);
        private long maxOutboundBytesPerSocket = 4L * 1024 * 1024;
        private int maxRoomsPerSocket = 1000;
        private int maxPendingCommandsPerSocket = 64;
        private int restBodyLimitBytes = 64 * 1024;
        private int maxHttpHeaderBytes = 8192;
        private Duration httpIdleTimeout = Duration.ofSeconds(60);
        // Node's http server allows 60 s for the headers, nginx 60 s too; 10 s is plenty for a real client.
        private Duration httpHeaderTimeout = Duration.ofSeconds(10);
        // 64 KiB in 30 s is 2 KiB/s.
        private Duration httpBodyTimeout = Duration.ofSeconds(30);
        private int httpMaxConnections = 10_000;
        // The verifier's clock skew (JwtVerifier.DEFAULT_CLOCK_SKEW), so that REST and Socket.IO agree.
        private Duration jwtExpiryGrace = Duration.ofSeconds(30);
        private int workerThreads = 4;
        private int workerQueueCapacity = 256;
        private int ioThreads = 0;
        private String corsOrigin = "*";
        private int pollingMaxPendingPackets = 1000;
        private Duration upgradeTimeout = Duration.ofSeconds(10);
        private Duration recoveryWindow = Duration.ofMinutes(2);
        private int recoveryMaxEvents = 100_000;
        private long recoveryMaxBytes = 64L * 1024 * 1024;
        private int recoveryMaxSessions = 100_000;

        private Builder() {
        }

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder pingInterval(Duration v) { pingInterval = v; return this; }
        public Builder pingTimeout(Duration v) { pingTimeout = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder maxPayloadBytes(int v) { maxPayloadBytes = v; return this; }
        public Builder webSocketMaxFrameBytes(int v) { webSocketMaxFrameBytes = v; return this; }
        public Builder writeBufferLowWaterMark(int v) { writeBufferLowWaterMark = v; return this; }
        public Builder writeBufferHighWaterMark(int v) { writeBufferHighWaterMark = v; return this; }
        public Builder slowClientGrace(Duration v) { slowClientGrace = v; return this; }
        public Builder maxOutboundBytesPerSocket(long v) { maxOutboundBytesPerSocket = v; return this; }
        public Builder maxRoomsPerSocket(int v) { maxRoomsPerSocket = v; return this; }
        public Builder maxPendingCommandsPerSocket(int v) { maxPendingCommandsPerSocket = v; return this; }
        public Builder restBodyLimitBytes(int v) { restBodyLimitBytes = v; return this; }
        public Builder maxHttpHeaderBytes(int v) { maxHttpHeaderBytes = v; return this; }
        public Builder httpIdleTimeout(Duration v) { httpIdleTimeout = v; return this; }
        public Builder httpHeaderTimeout(Duration v) { httpHeaderTimeout = v; return this; }
        public Builder httpBodyTimeout(Duration v) { httpBodyTimeout = v; return this; }
        public Builder httpMaxConnections(int v) { httpMaxConnections = v; return this; }
        public Builder jwtExpiryGrace(Duration v) { jwtExpiryGrace = v; return this; }
        public Builder workerThreads(int v) { workerThreads = v; return this; }
        public Builder workerQueueCapacity(int v) { workerQueueCapacity = v; return this; }
        public Builder ioThreads(int v) { ioThreads = v; return this; }
        public Builder corsOrigin(String v) { corsOrigin = v; return this; }
        public Builder pollingMaxPendingPackets(int v) { pollingMaxPendingPackets = v; return this; }
        public Builder upgradeTimeout(Duration v) { upgradeTimeout = v; return this; }
        public Builder recoveryWindow(Duration v) { recoveryWindow = v; return this; }
        public Builder recoveryMaxEvents(int v) { recoveryMaxEvents = v; return this; }
        public Builder recoveryMaxBytes(long v) { recoveryMaxBytes = v; return this; }
        public Builder recoveryMaxSessions(int v) { recoveryMaxSessions = v; return this; }

        public FanoutConfig build() {
            return new FanoutConfig(host, port, pingInterval, pingTimeout, connectTimeout, maxPayloadBytes,
                    webSocketMaxFrameBytes, writeBufferLowWaterMark, writeBufferHighWaterMark, slowClientGrace,
                    maxOutboundBytesPerSocket, maxRoomsPerSocket, maxPendingCommandsPerSocket, restBodyLimitBytes,
                    maxHttpHeaderBytes, httpIdleTimeout, httpHeaderTimeout, httpBodyTimeout, httpMaxConnections,
                    jwtExpiryGrace, workerThreads, workerQueueCapacity, ioThreads, corsOrigin,
                    pollingMaxPendingPackets, upgradeTimeout, recoveryWindow, recoveryMaxEvents, recoveryMaxBytes,
                    recoveryMaxSessions);
        }
    }
}
