package com.vendhub.realtime.broker.app;

import com.vendhub.realtime.broker.assembly.DatabasePart;
import com.vendhub.realtime.broker.assembly.EventStream;
import com.vendhub.realtime.broker.assembly.FanoutPart;
import com.vendhub.realtime.broker.assembly.IngestPart;
import com.vendhub.realtime.broker.assembly.MachinesPart;
import com.vendhub.realtime.broker.assembly.ProcessParts;
import com.vendhub.realtime.broker.assembly.RoomEventHub;
import com.vendhub.realtime.broker.assembly.StatusLine;
import com.vendhub.realtime.broker.auth.ConnectRateLimiter;
import com.vendhub.realtime.broker.auth.DeviceAuthenticator;
import com.vendhub.realtime.broker.auth.DeviceTopicPolicy;
import com.vendhub.realtime.broker.auth.ServiceAccounts;
import com.vendhub.realtime.broker.health.BacklogCheck;
import com.vendhub.realtime.broker.health.IngestStallCheck;
import com.vendhub.realtime.broker.health.Liveness;
import com.vendhub.realtime.broker.health.ReadinessSettings;
import com.vendhub.realtime.broker.health.ServeReadiness;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder.Stage;
import com.vendhub.realtime.broker.mqtt.AckPublisher;
import com.vendhub.realtime.broker.mqtt.BrokerSettings;
import com.vendhub.realtime.broker.mqtt.ConnectGuard;
import com.vendhub.realtime.broker.mqtt.ConnectionLimit;
import com.vendhub.realtime.broker.mqtt.EmbeddedBroker;
import com.vendhub.realtime.broker.mqtt.IngestHandoff;
import com.vendhub.realtime.broker.mqtt.IntakeGate;
import com.vendhub.realtime.broker.mqtt.MqttTls;
import com.vendhub.realtime.broker.mqtt.ServiceEventRelay;
import com.vendhub.realtime.broker.startup.DataDirectoryLock;
import com.vendhub.realtime.broker.startup.ListeningPorts;
import com.vendhub.realtime.broker.startup.ListeningPorts.Port;
import com.vendhub.realtime.fanout.FanoutServer;
import com.vendhub.realtime.fanout.events.BackendEventPolicy;
import com.vendhub.realtime.ingest.IngestService;
import com.vendhub.realtime.ingest.status.SilenceWatch;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.machines.MachineCatalog;
import com.vendhub.realtime.schema.text.LogThrottle;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import com.vendhub.realtime.sim.fleet.FleetSimulator;
import com.vendhub.realtime.sim.fleet.SimulatorConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code vendhub serve} process: database, migrations, ingest, fan-out, embedded broker and, with
 * {@code --demo}, a simulated fleet, built from the shared parts of {@link com.vendhub.realtime.broker.assembly}
 * in dependency order and stopped in the one {@link ShutdownOrder} (docs/architecture.md, "Assembly").
 */
public final class VendhubServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VendhubServer.class);
    /** Database look-ups of machines not in memory, a minute, across all CONNECTs (docs/architecture.md, "Bounds"). */
    static final int CATALOG_MISSES_PER_MINUTE = 600;
    /** That limiter has a single key ("catalog"); its byte bound only has to hold it. */
    static final long CATALOG_MISSES_MAX_BYTES = 64 * 1024;
    /**
     * How long Moquette's interceptor thread must have been idle, once the gate is closed, before the
     * messages it acknowledged earlier count as handed to ingest (its queue is FIFO and has no drain call).
     */
    private static final Duration HOOK_QUIET = Duration.ofMillis(250);
    /** The longest wait for that quiet. */
    private static final Duration HOOK_QUIET_LIMIT = Duration.ofSeconds(2);

    private final Liveness liveness = new Liveness();
    private final ProcessParts process;
    private final PrometheusMeterRegistry metrics;
    private final ShutdownOrder shutdown;
    private final Duration shutdownTimeout;
    // Commit acknowledgements go out through the broker, which starts after ingest: until then (and after
    // it stops) AckPublisher counts them as dropped; devices republish and are acked later.
    private final EmbeddedBroker broker = new EmbeddedBroker();
    private volatile boolean httpUp;
    private DatabasePart database;
    private FanoutServer fanout;
    private MachineCatalog machines;
    private IngestService ingest;
    private String jwtSecret;
    private int mqttPort;
    private int httpPort;
    private List<DeviceCredentials> demoCredentials = List.of();

    private VendhubServer(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
        this.process = new ProcessParts(shutdownTimeout);
        this.metrics = process.metrics();
        this.shutdown = process.shutdown();
    }

    /** Starts everything; on failure, stops what had started and rethrows. */
    public static VendhubServer start(ServeSettings settings, Clock clock) throws Exception {
        return ShutdownOrder.startOrClose(new VendhubServer(settings.durability().shutdownTimeout()), server -> {
            server.startAll(settings, clock);
            return server;
        });
    }

    private void startAll(ServeSettings s, Clock clock) throws Exception {
        IngestTuning tuning = s.ingest();
        StorageSettings storage = s.storage();
        DurabilitySettings durability = s.durability();
        // The threads that exist now are not this server's: the critical ones it starts are found by difference.
        Set<Thread> threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
        TopicScheme topics = new TopicScheme(s.mqtt().topicPrefix());

        // What another process may hold is checked before anything starts (docs/operations.md, "Start-up failures
        // and exit codes"); the data directory's lock is registered first, so it is released last.
        ListeningPorts.requireFree(listeningPorts(s));
        shutdown.add(Stage.STOP_DATABASE, DataDirectoryLock.acquire(s.dataDirectory()));
        database = DatabasePart.open(s.database(), s.dataDirectory().resolve("postgres"), s.embedded().port(),
                durability.embeddedDatabase(), metrics, shutdown);
        database.migrate(storage.timescale());
        ReadinessSettings readinessSettings = s.readiness();
        database.startCheck(readinessSettings);
        jwtSecret = JwtSecrets.resolve(s.jwt().secret(), s.dataDirectory());

        // Ingest publishes into the fan-out, and the fan-out shows ingest's live state: ingest is built on a hub
        // that is connected to the fan-out as soon as it exists, before ingest starts.
        RoomEventHub toFanout = new RoomEventHub("fanout", metrics);
        machines = MachinesPart.catalog(database, clock);
        ingest = new IngestService(database.dataSource(), machines,
                IngestPart.settings(s.mqtt().topicPrefix(), limits -> limits.withMaxPayloadBytes(s.devices().maxPayloadBytes())
                        .withEarliestDeviceTime(tuning.earliestDeviceTime()), tuning.batch(), tuning.events())
                        .withAlerts(tuning.alerts()),
                toFanout, clock, metrics, new AckPublisher(broker, topics, new WireJson(), metrics), tuning.spool());
        BacklogCheck backlog = new BacklogCheck(metrics, readinessSettings);
        IngestStallCheck stall = new IngestStallCheck(ingest.writer()::stalledFor, readinessSettings);
        ServeReadiness readiness = new ServeReadiness(broker::isRunning, database::up, backlog::up, () -> httpUp,
                stall::up);
        // A rotated token stops working at once, also for a connected machine (docs/operations.md, "Provisioning: vendhub machines").
        machines.onTokenRotated(id -> broker.disconnect(id.toString()));
        FanoutPart fanoutPart = new FanoutPart(s.http(),
                FanoutPart.verifier(jwtSecret, s.jwt().publicKeyPem()), machines, ingest.liveState(), database,
                readiness, metrics,
                null, storage.historyQueryTimeout(), storage.history(), shutdown);
        fanout = fanoutPart.server();
        toFanout.connect(fanout);

        IngestPart.start(ingest, metrics, shutdown);
        httpPort = fanoutPart.start();
        httpUp = true;

        SilenceWatch silence = shutdown.add(Stage.STOP_OUTPUTS, new SilenceWatch(ingest.status(), machines,
                clock, s.devices().silenceTimeout(), metrics));
        silence.start();

        mqttPort = startBroker(s, topics);

        if (s.demo().enabled()) {
            demoCredentials = DemoFleet.provision(machines, s.demo().machines());
            // Stopped first: the demo machines say goodbye (retained offline) before the gate refuses them.
            FleetSimulator simulator = shutdown.add(Stage.STOP_INTAKE, new FleetSimulator(
                    SimulatorConfig.builder("127.0.0.1", mqttPort).topicPrefix(s.mqtt().topicPrefix())
                            .publishInterval(s.demo().interval()).build(), demoCredentials));
            simulator.start();
        }
        if (!s.statusInterval().isZero()) {
            StatusLine status = shutdown.add(Stage.STOP_OUTPUTS, new StatusLine(ingest.ingestor()::counters,
                    () -> machines.all().size(), () -> "socket.io clients " + fanout.connectedSockets()));
            status.start(s.statusInterval());
        }
        List<String> watched = liveness.watchStartedSince(threadsBefore);
        liveness.installUncaughtHandler();
        readiness.liveness(liveness);
        shutdown.add(Stage.STOP_INTAKE, liveness); // stopped first: threads ending during the shutdown are expected
        LOG.info("GET /health/live watches the threads {}", watched);
        LOG.info("vendhub ready: MQTT on port {}, HTTP + Socket.IO on port {}", mqttPort, httpPort);
    }

    /** The ports {@code serve} will bind, with the options that set them. */
    private static List<Port> listeningPorts(ServeSettings s) {
        String host = s.http().host();
        List<Port> ports = new ArrayList<>(List.of(new Port("--http-port", host, s.http().port())));
        if (s.devices().plainPortEnabled()) {
            ports.add(new Port("--mqtt-port", host, s.mqtt().port()));
        }
        if (s.devices().tlsEnabled()) {
            ports.add(new Port("--mqtt-tls-port", host, s.devices().tlsPort()));
        }
        if (s.database().isEmbedded()) {
            ports.add(new Port("--embedded-db-port", "127.0.0.1", s.embedded().port()));
        }
        return ports;
    }

    /**
     * Starts the embedded broker with its hooks and guards; registers its intake gate in
     * {@link Stage#STOP_INTAKE} and the broker in {@link Stage#STOP_SERVERS}. Returns the bound port.
     */
    private int startBroker(ServeSettings s, TopicScheme topics) throws Exception {
        LogThrottle throttle = new LogThrottle(TimeUnit.SECONDS.toNanos(10), System::nanoTime);
        DeviceTopicPolicy policy = new DeviceTopicPolicy(topics, throttle, metrics);
        IntakeGate gate = new IntakeGate(metrics);
        IngestHandoff hook = new IngestHandoff(ingest.handoff(), new ServiceEventRelay(topics,
                EventStream.wire(topics), fanout, new BackendEventPolicy(machines), throttle, metrics),
                broker::isConnected, metrics);
        Optional<MqttTls> tls = s.devices().tlsEnabled()
                ? Optional.of(new MqttTls(s.devices().tlsPort(), s.devices().tlsCertificate(), s.devices().tlsKey(),
                        s.devices().plainPortEnabled()))
                : Optional.empty();
        ConnectRateLimiter connectRate = new ConnectRateLimiter(s.devices().connectsPerSourcePerMinute(),
                s.devices().connectRateMaxSources(), s.devices().connectRateMaxBytes(), System::nanoTime);
        connectRate.bindTo(metrics);
        int port = broker.start(
                new BrokerSettings(s.http().host(), s.mqtt().port(), s.mqtt().maxPacketBytes(), s.devices().sessionQueueSize(),
                        s.mqtt().topicPrefix()), tls,
                List.of(hook,
                        new ConnectionLimit(s.devices().maxConnections(), broker::disconnect, broker::isConnected,
                                metrics)),
                gate.guard(new DeviceAuthenticator(machines, ServiceAccounts.withSecret(s.devices().serviceSecret()),
                        connectRate,
                        new ConnectRateLimiter(CATALOG_MISSES_PER_MINUTE, 1, CATALOG_MISSES_MAX_BYTES, System::nanoTime),
                        throttle, metrics)),
                gate.guard(policy), new ConnectGuard(policy, throttle, metrics));
        shutdown.add(Stage.STOP_SERVERS, broker);
        shutdown.add(Stage.STOP_INTAKE, "intake gate", deadline -> {
            if (broker.isRunning()) {
                gate.close();
                LOG.info("shutdown: stopped taking messages (CONNECT and PUBLISH refused; machines stay connected "
                        + "for their acknowledgements; bound {})", shutdownTimeout);
                awaitQuiet(hook, deadline);
            }
        });
        return port;
    }

    /** Waits until Moquette has handed over what it acknowledged before the gate closed (bounded). */
    private static void awaitQuiet(IngestHandoff hook, long deadline) {
        long limit = Math.min(deadline - ShutdownOrder.STOP_RESERVE.toNanos(),
                System.nanoTime() + HOOK_QUIET_LIMIT.toNanos());
        try {
            while (System.nanoTime() - hook.lastEventNanos() < HOOK_QUIET.toNanos() && System.nanoTime() < limit) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int mqttPort() {
        return mqttPort;
    }

    /** The bound MQTT over TLS port; 0 without TLS. */
    public int mqttTlsPort() {
        return broker.tlsPort();
    }

    public int httpPort() {
        return httpPort;
    }

    public String jdbcUrl() {
        return database.jdbcUrl();
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    public IngestService ingest() {
        return ingest;
    }

    /** The machine registry ingest, device authentication and the fan-out share (e.g. to provision a machine). */
    public MachineCatalog machines() {
        return machines;
    }

    public String jwtSecret() {
        return jwtSecret;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** What {@code GET /health/live} answers (critical threads, fatal JVM errors). */
    public Liveness liveness() {
        return liveness;
    }

    /** The embedded broker, e.g. to disconnect a client. */
    public EmbeddedBroker broker() {
        return broker;
    }

    public List<DeviceCredentials> demoCredentials() {
        return demoCredentials;
    }

    /**
     * Stops gracefully within the shutdown bound, in the one order (docs/architecture.md, "Shutdown: ordered
     * and bounded"): stop taking messages while the machines stay connected, write what was taken and
     * acknowledge it through the still-running broker, then stop the outputs, the servers and the database.
     * Each step's failure is logged and does not stop the others.
     */
    @Override
    public void close() {
        long started = System.nanoTime();
        process.close();
        LOG.info("shutdown: {} in {} ms", database != null && database.embedded() ? "embedded database stopped; complete" : "complete",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
}
