package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.http.Cors;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The HTTP + Socket.IO port that {@code serve} and {@code fanout} share: where it binds and every
 * bound of {@link FanoutConfig} (docs/architecture.md, "Bounds"). Each default is {@link
 * FanoutConfig#defaults()}'s, written once there.
 */
final class HttpServerOptions {

    private static final FanoutConfig DEFAULTS = FanoutConfig.defaults();

    @Option(names = "--host", description = "Address to bind (serve binds MQTT there too).")
    String host = DEFAULTS.host();

    @Option(names = "--http-port", description = "HTTP + Socket.IO port, 0 for any free one.")
    int port = DEFAULTS.port();

    @Option(names = "--http-header-timeout",
            description = "A request's line and headers must arrive within this after the connection or the request "
                    + "began, however slowly bytes come; else the connection is closed.")
    Duration headerTimeout = DEFAULTS.httpHeaderTimeout();

    @Option(names = "--http-body-timeout",
            description = "A request body must arrive within this after its headers; else 408 and close.")
    Duration bodyTimeout = DEFAULTS.httpBodyTimeout();

    @Option(names = "--http-idle-timeout",
            description = "A keep-alive HTTP connection with no request in flight is closed after this (websockets "
                    + "are bounded by the Engine.IO heartbeat instead).")
    Duration idleTimeout = DEFAULTS.httpIdleTimeout();

    @Option(names = "--http-max-connections",
            description = "Most open connections on the HTTP port (REST, polling and websocket); one more gets 503.")
    int maxConnections = DEFAULTS.httpMaxConnections();

    @Option(names = "--http-max-header-bytes", description = "Total size of a request's headers.")
    int maxHeaderBytes = DEFAULTS.maxHttpHeaderBytes();

    @Option(names = "--rest-max-body-bytes", description = "Largest HTTP request body; larger ones get 413.")
    int restMaxBodyBytes = DEFAULTS.restBodyLimitBytes();

    @Option(names = "--http-io-threads",
            description = "Netty event-loop threads of the HTTP + Socket.IO port; 0: one per core.")
    int ioThreads = DEFAULTS.ioThreads();

    @Option(names = "--http-worker-threads",
            description = "Threads for REST, readiness, metrics and room checks (they may block).")
    int workerThreads = DEFAULTS.workerThreads();

    @Option(names = "--http-worker-queue-capacity",
            description = "Tasks waiting for a worker thread; beyond it REST answers 429 and subscribes are refused.")
    int workerQueueCapacity = DEFAULTS.workerQueueCapacity();

    @Option(names = "--cors-origins",
            description = "Browser origins allowed, comma-separated: * for any (never with credentials), a list to "
                    + "echo (with credentials on Socket.IO), empty for no CORS headers.")
    String corsOrigins = DEFAULTS.corsOrigin();

    @Option(names = "--jwt-expiry-grace", description = "A Socket.IO connection is closed this long after its token's exp.")
    Duration jwtExpiryGrace = DEFAULTS.jwtExpiryGrace();

    @Option(names = "--socketio-ping-interval", description = "Engine.IO heartbeat period, announced to clients.")
    Duration pingInterval = DEFAULTS.pingInterval();

    @Option(names = "--socketio-ping-timeout", description = "How long a pong may take before the session is closed.")
    Duration pingTimeout = DEFAULTS.pingTimeout();

    @Option(names = "--socketio-connect-timeout",
            description = "How long an Engine.IO session may stay without a Socket.IO CONNECT.")
    Duration connectTimeout = DEFAULTS.connectTimeout();

    @Option(names = "--socketio-upgrade-timeout",
            description = "How long a probing websocket may take to complete the upgrade from polling.")
    Duration upgradeTimeout = DEFAULTS.upgradeTimeout();

    @Option(names = "--socketio-max-payload-bytes",
            description = "Largest message a client may send (announced as maxPayload).")
    int maxPayloadBytes = DEFAULTS.maxPayloadBytes();

    @Option(names = "--websocket-max-frame-bytes", description = "Largest single WebSocket frame accepted.")
    int webSocketMaxFrameBytes = DEFAULTS.webSocketMaxFrameBytes();

    @Option(names = "--polling-max-pending-packets",
            description = "Packets a long-polling client may have waiting for its next GET; past it the client is "
                    + "disconnected as a slow client.")
    int pollingMaxPendingPackets = DEFAULTS.pollingMaxPendingPackets();

    @Option(names = "--socket-write-buffer-low-bytes",
            description = "A socket becomes writable again below this many pending bytes.")
    int writeBufferLowWaterMark = DEFAULTS.writeBufferLowWaterMark();

    @Option(names = "--socket-write-buffer-high-bytes",
            description = "A socket becomes unwritable above this many pending bytes.")
    int writeBufferHighWaterMark = DEFAULTS.writeBufferHighWaterMark();

    @Option(names = "--slow-client-grace",
            description = "How long a socket may stay unwritable before it is disconnected.")
    Duration slowClientGrace = DEFAULTS.slowClientGrace();

    @Option(names = "--socket-max-outbound-bytes",
            description = "Pending bytes at which an unwritable socket is disconnected at once.")
    long maxOutboundBytesPerSocket = DEFAULTS.maxOutboundBytesPerSocket();

    @Option(names = "--socket-max-rooms", description = "Rooms one socket may join.")
    int maxRoomsPerSocket = DEFAULTS.maxRoomsPerSocket();

    @Option(names = "--socket-max-pending-commands",
            description = "Subscribe/unsubscribe requests of one socket waiting for a worker thread.")
    int maxPendingCommandsPerSocket = DEFAULTS.maxPendingCommandsPerSocket();

    @Option(names = "--recovery-window",
            description = "How long a disconnected socket's state is kept for connection state recovery "
                    + "(socket.io's maxDisconnectionDuration).")
    Duration recoveryWindow = DEFAULTS.recoveryWindow();

    @Option(names = "--recovery-max-events", description = "Broadcasts kept for recovery, oldest evicted first.")
    int recoveryMaxEvents = DEFAULTS.recoveryMaxEvents();

    @Option(names = "--recovery-max-bytes", description = "Bytes of broadcasts kept for recovery, oldest evicted first.")
    long recoveryMaxBytes = DEFAULTS.recoveryMaxBytes();

    @Option(names = "--recovery-max-sessions",
            description = "Disconnected sessions kept for recovery, oldest evicted first.")
    int recoveryMaxSessions = DEFAULTS.recoveryMaxSessions();

    /** The fan-out configuration with these values; values that do not fit are a usage error. */
    FanoutConfig config(CommandLine cli) {
        try {
            FanoutConfig config = FanoutConfig.builder()
                    .host(host)
                    .port(port)
                    .httpHeaderTimeout(headerTimeout)
                    .httpBodyTimeout(bodyTimeout)
                    .httpIdleTimeout(idleTimeout)
                    .httpMaxConnections(maxConnections)
                    .maxHttpHeaderBytes(maxHeaderBytes)
                    .restBodyLimitBytes(restMaxBodyBytes)
                    .ioThreads(ioThreads)
                    .workerThreads(workerThreads)
                    .workerQueueCapacity(workerQueueCapacity)
                    .corsOrigin(corsOrigins == null ? "" : corsOrigins)
                    .jwtExpiryGrace(jwtExpiryGrace)
                    .pingInterval(pingInterval)
                    .pingTimeout(pingTimeout)
                    .connectTimeout(connectTimeout)
                    .upgradeTimeout(upgradeTimeout)
                    .maxPayloadBytes(maxPayloadBytes)
                    .webSocketMaxFrameBytes(webSocketMaxFrameBytes)
                    .pollingMaxPendingPackets(pollingMaxPendingPackets)
                    .writeBufferLowWaterMark(writeBufferLowWaterMark)
                    .writeBufferHighWaterMark(writeBufferHighWaterMark)
                    .slowClientGrace(slowClientGrace)
                    .maxOutboundBytesPerSocket(maxOutboundBytesPerSocket)
                    .maxRoomsPerSocket(maxRoomsPerSocket)
                    .maxPendingCommandsPerSocket(maxPendingCommandsPerSocket)
                    .recoveryWindow(recoveryWindow)
                    .recoveryMaxEvents(recoveryMaxEvents)
                    .recoveryMaxBytes(recoveryMaxBytes)
                    .recoveryMaxSessions(recoveryMaxSessions)
                    .build();
            new Cors(config.corsOrigin()); // refuses "*" mixed with origins here, before anything starts
            return config;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cli, "Invalid HTTP server settings: " + e.getMessage());
        }
    }
}
