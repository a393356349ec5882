package com.vendhub.realtime.broker.assembly;

import com.vendhub.realtime.broker.alerts.JdbcAlertDirectory;
import com.vendhub.realtime.broker.history.JdbcTelemetryHistory;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder.Stage;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder;
import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.FanoutServer;
import com.vendhub.realtime.fanout.auth.JwtVerifier;
import com.vendhub.realtime.fanout.health.HealthProbe;
import com.vendhub.realtime.fanout.history.HistorySettings;
import com.vendhub.realtime.schema.events.RoomEventSink;
import com.vendhub.realtime.schema.machines.MachineLiveState;
import com.vendhub.realtime.schema.machines.MachineRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;

/**
 * The HTTP + Socket.IO fan-out as {@code vendhub serve} and {@code vendhub fanout} both build it: the JWT
 * verifier, the alerts and telemetry history read from the process's database, the machine registry
 * given. Built early (producers publish into it through a {@link RoomEventHub}), bound by {@link #start}
 * once what it reads from runs, stopped in {@link Stage#STOP_SERVERS}.
 */
public final class FanoutPart {

    private final FanoutServer server;

    /**
     * @param http          the port's bounds, with host and port set
     * @param backendEvents where {@code POST /api/v1/events} goes; null: into this server
     */
    public FanoutPart(FanoutConfig http, JwtVerifier verifier, MachineRegistry machines, MachineLiveState live,
            DatabasePart database, HealthProbe health, PrometheusMeterRegistry metrics, RoomEventSink backendEvents,
            Duration historyQueryTimeout, HistorySettings history, ShutdownOrder shutdown) {
        // Registered now, not when bound: the server holds threads from its construction on.
        this.server = shutdown.add(Stage.STOP_SERVERS, new FanoutServer(http, verifier, machines, live,
                new JdbcAlertDirectory(database.dataSource()), health, metrics, backendEvents,
                new JdbcTelemetryHistory(database.dataSource(), historyQueryTimeout), history));
    }

    /** HS256 with {@code secret}, and RS256 with the PEM public key when one is given. */
    public static JwtVerifier verifier(String secret, String publicKeyPem) {
        return JwtVerifier.of(secret, Optional.ofNullable(publicKeyPem).map(JwtVerifier::parseRsaPublicKey));
    }

    /** Binds the port; returns the bound one. */
    public int start() throws InterruptedException {
        return server.start();
    }

    public FanoutServer server() {
        return server;
    }
}
