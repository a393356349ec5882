package com.vendhub.realtime.broker.cluster;

import com.vendhub.realtime.broker.alerts.JdbcAlertDirectory;
import com.vendhub.realtime.broker.db.DatabasePool;
import com.vendhub.realtime.broker.health.DatabaseCheck;
import com.vendhub.realtime.broker.health.ReadinessSettings;
import com.vendhub.realtime.broker.history.JdbcTelemetryHistory;
import com.vendhub.realtime.broker.lifecycle.ShutdownStack;
import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.FanoutServer;
import com.vendhub.realtime.fanout.auth.JwtVerifier;
import com.vendhub.realtime.fanout.events.BackendEventPolicy;
import com.vendhub.realtime.fanout.history.HistorySettings;
import com.vendhub.realtime.schema.config.MqttUrl;
import com.vendhub.realtime.schema.events.RoomEventWire;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One {@code vendhub fanout} process: the Socket.IO fan-out fed from the MQTT event stream. */
public final class FanoutNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FanoutNode.class);
    /** Largest event-stream message accepted (the contract's telemetry limit, with room for the envelope). */
    public static final int MAX_EVENT_BYTES = 256 * 1024;

    private final ShutdownStack closeInReverse = new ShutdownStack();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private FanoutServer fanout;
    private int httpPort;

    private FanoutNode() {
    }

    public static FanoutNode start(FanoutNodeSettings s) throws Exception {
        FanoutNode node = new FanoutNode();
        try {
            node.startAll(s);
            return node;
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    private void startAll(FanoutNodeSettings s) throws Exception {
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        HikariDataSource pool = DatabasePool.create(s.database().url(), s.database().user(), s.database().password(), s.database().poolSize(),
                Duration.ofSeconds(5));
        closeInReverse.push(pool);
        // The same check as vendhub serve: a pool that runs says nothing about a database that answers.
        DatabaseCheck databaseCheck = new DatabaseCheck(pool, s.readiness(), System::nanoTime, metrics);
        closeInReverse.push(databaseCheck);
        databaseCheck.start();
        JdbcMachineDirectory directory = new JdbcMachineDirectory(pool);
        JwtVerifier verifier = JwtVerifier.of(s.jwt().secret(),
                Optional.ofNullable(s.jwt().publicKeyPem()).map(JwtVerifier::parseRsaPublicKey));
        // One event loop per core unless --http-io-threads says otherwise: a fan-out node does no blocking
        // I/O on them, and fewer loops mean fewer wake-ups per broadcast.
        // POST /api/v1/events goes onto the stream, so the clients of every node get it (this node's
        // own subscription brings it back here); in the moment before the stream is up, to this node's only.
        EventStreamSubscriber[] stream = new EventStreamSubscriber[1];
        fanout = new FanoutServer(s.http().ioThreads() != 0 ? s.http()
                : s.http().toBuilder().ioThreads(Runtime.getRuntime().availableProcessors()).build(),
                verifier, directory, directory, new JdbcAlertDirectory(pool),
                () -> Map.of("database", pool.isRunning() && databaseCheck.up()), metrics,
                event -> {
                    if (stream[0] != null) {
                        stream[0].publish(event);
                    } else {
                        fanout.publish(event);
                    }
                }, new JdbcTelemetryHistory(pool, JdbcTelemetryHistory.DEFAULT_QUERY_TIMEOUT), HistorySettings.defaults());
        httpPort = fanout.start();
        closeInReverse.push(fanout);
        EventStreamSubscriber subscriber = new EventStreamSubscriber(s.mqtt().url(), s.mqtt().username(), s.mqtt().password(),
                new RoomEventWire(new TopicScheme(s.topicPrefix()), WireJson.newObjectMapper(), MAX_EVENT_BYTES),
                fanout, new BackendEventPolicy(directory), metrics);
        closeInReverse.push(subscriber);
        subscriber.start();
        stream[0] = subscriber;
        log.info("vendhub fan-out node ready: HTTP + Socket.IO on port {}, events from {}:{}", httpPort,
                s.mqtt().url().host(), s.mqtt().url().port());
    }

    public int httpPort() {
        return httpPort;
    }

    public FanoutServer fanout() {
        return fanout;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    @Override
    public void close() {
        closeInReverse.close();
    }
}
