package com.vendhub.realtime.broker.assembly;

import com.vendhub.realtime.broker.health.ReadinessSettings;
import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.http.HttpServerInitializer;
import java.util.Objects;

/**
 * Where a process without the fan-out's HTTP port ({@code vendhub ingest}) answers {@code GET /metrics} and
 * {@code /health/*}, the bounds of its connections and the bounds of its database check. Host, port and the request
 * deadlines and the connection cap default to the HTTP port's of the other kinds ({@link FanoutConfig#defaults()}).
 *
 * @param host      address to bind
 * @param port      port, 0 for any free one
 * @param limits    request deadlines and connection cap (docs/security.md, "The HTTP port")
 * @param readiness the database check behind {@code /health/ready}
 */
public record MonitoringSettings(String host, int port, HttpServerInitializer.Limits limits,
        ReadinessSettings readiness) {

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
                http.httpHeaderTimeout(), http.httpBodyTimeout(), http.httpIdleTimeout(), http.httpMaxConnections()),
                ReadinessSettings.defaults());
    }

    public MonitoringSettings withPort(int value) {
        return new MonitoringSettings(host, value, limits, readiness);
    }
}
