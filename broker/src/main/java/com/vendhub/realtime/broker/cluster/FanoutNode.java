package com.vendhub.realtime.broker.cluster;

import com.vendhub.realtime.broker.assembly.DatabasePart;
import com.vendhub.realtime.broker.assembly.EventStream;
import com.vendhub.realtime.broker.assembly.FanoutPart;
import com.vendhub.realtime.broker.assembly.ProcessMetrics;
import com.vendhub.realtime.broker.assembly.RoomEventHub;
import com.vendhub.realtime.broker.health.ReadinessSettings;
import com.vendhub.realtime.broker.history.JdbcTelemetryHistory;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder.Stage;
import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.FanoutServer;
import com.vendhub.realtime.fanout.events.BackendEventPolicy;
import com.vendhub.realtime.fanout.history.HistorySettings;
import com.vendhub.realtime.schema.machines.DatabaseMachineRegistry;
import com.vendhub.realtime.schema.machines.MachineLiveState;
import com.vendhub.realtime.schema.machines.MachineRepository;
import com.vendhub.realtime.schema.topics.TopicScheme;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One {@code vendhub fanout} process: the Socket.IO fan-out fed from the MQTT event stream. */
public final class FanoutNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FanoutNode.class);
    /**
     * @param mqttUsername service credentials on the external broker, or null
     * @param jwtPublicKeyPem RS256 public key (PEM) accepted besides HS256, or null
     * @param readiness bounds of the database check of {@code /health/ready} (the backlog fraction is unused:
     *                  a fan-out node has no ingest backlog)
     * @param http the HTTP + Socket.IO port's bounds; its host, port and I/O threads are set from the above
     */
    public record Settings(String host, int httpPort, MqttUrl mqtt, String mqttUsername, String mqttPassword,
            String dbUrl, String dbUser, String dbPassword, int dbPoolSize, String jwtSecret, String jwtPublicKeyPem,
            String topicPrefix, ReadinessSettings readiness, FanoutConfig http) {

        /** As above, with the default HTTP bounds. */
        public Settings(String host, int httpPort, MqttUrl mqtt, String mqttUsername, String mqttPassword,
                String dbUrl, String dbUser, String dbPassword, int dbPoolSize, String jwtSecret,
                String jwtPublicKeyPem, String topicPrefix, ReadinessSettings readiness) {
            this(host, httpPort, mqtt, mqttUsername, mqttPassword, dbUrl, dbUser, dbPassword, dbPoolSize, jwtSecret,
                    jwtPublicKeyPem, topicPrefix, readiness, FanoutConfig.defaults());
        }

        /** As above, with the default readiness bounds. */
        public Settings(String host, int httpPort, MqttUrl mqtt, String mqttUsername, String mqttPassword,
                String dbUrl, String dbUser, String dbPassword, int dbPoolSize, String jwtSecret,
                String jwtPublicKeyPem, String topicPrefix) {
            this(host, httpPort, mqtt, mqttUsername, mqttPassword, dbUrl, dbUser, dbPassword, dbPoolSize, jwtSecret,
                    jwtPublicKeyPem, topicPrefix, ReadinessSettings.defaults());
        }
    }

    private final PrometheusMeterRegistry metrics = ProcessMetrics.newRegistry();
    private final ShutdownOrder shutdown = new ShutdownOrder(ShutdownOrder.DEFAULT_BOUND);
    private FanoutServer fanout;
    private int httpPort;

    private FanoutNode() {
    }

    public static FanoutNode start(Settings s) throws Exception {
        return ShutdownOrder.startOrClose(new FanoutNode(), node -> node.startAll(s));
    }

    /** Builds every part, then starts them: the database check, the event stream, the HTTP port last. */
    private void startAll(Settings s) throws Exception {
        DatabasePart database = DatabasePart.connect(s.dbUrl(), s.dbUser(), s.dbPassword(), s.dbPoolSize(), metrics,
                shutdown);
        DatabaseMachineRegistry machines = new DatabaseMachineRegistry(new MachineRepository(database.dataSource()));
        RoomEventHub toFanout = new RoomEventHub("fanout", metrics);
        EventStreamSubscriber stream = new EventStreamSubscriber(s.mqtt(), s.mqttUsername(), s.mqttPassword(),
                EventStream.wire(new TopicScheme(s.topicPrefix())), toFanout, new BackendEventPolicy(machines),
                metrics);
        // One event loop per core: a fan-out node does no blocking I/O on them, and fewer loops mean
        // fewer wake-ups per broadcast. POST /api/v1/events goes onto the stream, so the clients of every
        // node get it (this node's own subscription brings it back here); the stream is up before the port.
        FanoutPart part = new FanoutPart(s.http().toBuilder().host(s.host()).port(s.httpPort())
                .ioThreads(Runtime.getRuntime().availableProcessors()).build(),
                FanoutPart.verifier(s.jwtSecret(), s.jwtPublicKeyPem()), machines, MachineLiveState.NONE, database,
                () -> Map.of("database", database.up()), metrics, stream::publish,
                JdbcTelemetryHistory.DEFAULT_QUERY_TIMEOUT, HistorySettings.defaults(), shutdown);
        fanout = part.server();
        toFanout.connect(fanout);

        // The same check as vendhub serve: a pool that runs says nothing about a database that answers.
        database.startCheck(s.readiness());
        shutdown.add(Stage.STOP_INTAKE, stream);
        stream.start();
        httpPort = part.start();
        log.info("vendhub fan-out node ready: HTTP + Socket.IO on port {}, events from {}:{}", httpPort,
                s.mqtt().host(), s.mqtt().port());
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

    /** Stops in the one shutdown order: the event stream, the HTTP port, the database. */
    @Override
    public void close() {
        shutdown.close();
    }
}
