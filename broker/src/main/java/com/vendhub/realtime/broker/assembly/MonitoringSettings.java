package com.vendhub.realtime.broker.assembly;

import com.vendhub.realtime.broker.health.ReadinessSettings;
import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.http.HttpServerInitializer;
import java.util.Objects;

/**
 * Where a process without the fan-out's HTTP port ({@code vendhub ingest}) answers {@code GET /metrics} and
 * {@code /health/*}, the bounds of its connections and the bounds of its database check. Host, port and the request
 * deadlines default to the HTTP port's of the other kinds ({@link FanoutConfig#defaults()}); the connection cap is
 * {@link #MAX_CONNECTIONS}.
 *
 * @param host      address to bind
 * @param port      port, 0 for any free one
 * @param limits    request deadlines and connection cap (docs/security.md, "The HTTP port")
 * @param readiness the database check behind {@code /health/ready}
 */
public record MonitoringSettings(String host, int port, HttpServerInitializer.Limits limits,
        ReadinessSettings readiness) {

    /**
     * Open connections on the monitoring port: a supervisor's probes and a few Prometheus servers need a handful;
     * one more gets 503 ({@code vendhub_fanout_http_connections_refused_total}) and is closed.
     */
    public static final int MAX_CONNECTIONS = 64;

    public MonitoringSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(readiness, "readiness");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("the HTTP port must be 0 to 65535, was " + port);
        }
    }

    public static MonitoringSettings defaults() {
        FanoutConfig http = FanoutConfig.defaults();
        return new MonitoringSettings(http.host(), http.port(), new HttpServerInitializer.Limits(
                http.httpHeaderTimeout(), http.httpBodyTimeout(), http.httpIdleTimeout(), MAX_CONNECTIONS),
                ReadinessSettings.defaults());
    }

    public MonitoringSettings withPort(int value) {
        return new MonitoringSettings(host, value, limits, readiness);
    }
}
