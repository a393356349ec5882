package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.http.Cors;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The bounds of the HTTP + Socket.IO port that {@code serve} and {@code fanout} share (issue 10):
 * request deadlines, the connection cap, the CORS allow-list and how long a socket outlives its
 * token. Defaults are {@link FanoutConfig}'s, written once there.
 */
final class HttpServerOptions {

    @Option(names = "--http-header-timeout",
            defaultValue = "${env:VENDHUB_HTTP_HEADER_TIMEOUT:-" + FanoutConfig.DEFAULT_HTTP_HEADER_TIMEOUT + "}",
            description = "A request's line and headers must arrive within this after the connection or the request "
                    + "began, however slowly bytes come; else the connection is closed, ISO-8601 "
                    + "(env VENDHUB_HTTP_HEADER_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration headerTimeout;

    @Option(names = "--http-body-timeout",
            defaultValue = "${env:VENDHUB_HTTP_BODY_TIMEOUT:-" + FanoutConfig.DEFAULT_HTTP_BODY_TIMEOUT + "}",
            description = "A request body must arrive within this after its headers; else 408 and close, ISO-8601 "
                    + "(env VENDHUB_HTTP_BODY_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration bodyTimeout;

    @Option(names = "--http-idle-timeout",
            defaultValue = "${env:VENDHUB_HTTP_IDLE_TIMEOUT:-" + FanoutConfig.DEFAULT_HTTP_IDLE_TIMEOUT + "}",
            description = "A keep-alive HTTP connection with no request in flight is closed after this (websockets are "
                    + "bounded by the Engine.IO heartbeat instead), ISO-8601 "
                    + "(env VENDHUB_HTTP_IDLE_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--http-max-connections",
            defaultValue = "${env:VENDHUB_HTTP_MAX_CONNECTIONS:-" + FanoutConfig.DEFAULT_HTTP_MAX_CONNECTIONS + "}",
            description = "Most open connections on the HTTP port (REST, polling and websocket); one more gets 503 "
                    + "(env VENDHUB_HTTP_MAX_CONNECTIONS, default ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--cors-origins",
            defaultValue = "${env:VENDHUB_CORS_ORIGINS:-" + FanoutConfig.DEFAULT_CORS_ORIGINS + "}",
            description = "Browser origins allowed, comma-separated: * for any (never with credentials), a list to "
                    + "echo (with credentials on Socket.IO), empty for no CORS headers "
                    + "(env VENDHUB_CORS_ORIGINS, default ${DEFAULT-VALUE}).")
    String corsOrigins;

    @Option(names = "--jwt-expiry-grace",
            defaultValue = "${env:VENDHUB_JWT_EXPIRY_GRACE:-" + FanoutConfig.DEFAULT_JWT_EXPIRY_GRACE + "}",
            description = "A Socket.IO connection is closed this long after its token's exp, ISO-8601 "
                    + "(env VENDHUB_JWT_EXPIRY_GRACE, default ${DEFAULT-VALUE}).")
    Duration jwtExpiryGrace;

    /** The fan-out configuration with these bounds; values that do not fit are a usage error. */
    FanoutConfig config(CommandLine cli) {
        try {
            FanoutConfig config = FanoutConfig.defaults().toBuilder()
                    .httpHeaderTimeout(headerTimeout)
                    .httpBodyTimeout(bodyTimeout)
                    .httpIdleTimeout(idleTimeout)
                    .httpMaxConnections(maxConnections)
                    .corsOrigin(corsOrigins == null ? "" : corsOrigins)
                    .jwtExpiryGrace(jwtExpiryGrace)
                    .build();
            new Cors(config.corsOrigin()); // refuses "*" mixed with origins here, before anything starts
            return config;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cli, "Invalid HTTP server settings: " + e.getMessage());
        }
    }
}
