package com.vendhub.realtime.broker.app;

import com.vendhub.realtime.broker.alerts.JdbcAlertDirectory;
import com.vendhub.realtime.broker.auth.ConnectRateLimiter;
import com.vendhub.realtime.broker.auth.DeviceAuthenticator;
import com.vendhub.realtime.broker.auth.DeviceTopicPolicy;
import com.vendhub.realtime.broker.auth.ServiceAccounts;
import com.vendhub.realtime.broker.cluster.FanoutNode;
import com.vendhub.realtime.broker.db.DatabasePool;
import com.vendhub.realtime.broker.db.EmbeddedDatabase;
import com.vendhub.realtime.broker.health.BacklogCheck;
import com.vendhub.realtime.broker.health.DatabaseCheck;
import com.vendhub.realtime.broker.health.IngestStallCheck;
import com.vendhub.realtime.broker.health.Liveness;
import com.vendhub.realtime.broker.health.ReadinessSettings;
import com.vendhub.realtime.broker.health.ServeReadiness;
import com.vendhub.realtime.broker.history.JdbcTelemetryHistory;
import com.vendhub.realtime.broker.lifecycle.ShutdownStack;
import com.vendhub.realtime.broker.mqtt.AckPublisher;
import com.vendhub.realtime.broker.mqtt.BrokerSettings;
import com.vendhub.realtime.broker.mqtt.ConnectionLimit;
import com.vendhub.realtime.broker.mqtt.ConnectGuard;
import com.vendhub.realtime.broker.mqtt.EmbeddedBroker;
import com.vendhub.realtime.broker.mqtt.IngestHandoff;
import com.vendhub.realtime.broker.mqtt.IntakeGate;
import com.vendhub.realtime.broker.mqtt.MqttTls;
import com.vendhub.realtime.broker.mqtt.ServiceEventRelay;
import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.FanoutServer;
import com.vendhub.realtime.fanout.auth.JwtVerifier;
import com.vendhub.realtime.fanout.events.BackendEventPolicy;
import com.vendhub.realtime.ingest.IngestService;
import com.vendhub.realtime.ingest.IngestSettings;
import com.vendhub.realtime.ingest.pipeline.LogThrottle;
import com.vendhub.realtime.ingest.status.SilenceWatch;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.events.RoomEventSink;
import com.vendhub.realtime.schema.events.RoomEventWire;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.migration.DatabaseMigrations;
import com.vendhub.realtime.schema.rooms.Room;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import com.vendhub.realtime.sim.fleet.FleetSimulator;
import com.vendhub.realtime.sim.fleet.SimulatorConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code vendhub serve} process: database, migrations, ingest, fan-out, embedded broker and,
 * with {@code --demo}, a simulated fleet. Built by hand in dependency order; closed in reverse.
 */
public final class VendhubServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VendhubServer.class);
    /** Database look-ups of machines not in memory, a minute, across all CONNECTs (docs/architecture.md, "Bounds"). */
    static final int CATALOG_MISSES_PER_MINUTE = 600;
    /** That limiter has a single key ("catalog"); its byte bound only has to hold it. */
    static final long CATALOG_MISSES_MAX_BYTES = 64 * 1024;
    /** Of the shutdown bound, what is kept for stopping the broker, the fan-out and the database. */
    private static final Duration STOP_RESERVE = Duration.ofSeconds(5);
    /**
     * How long Moquette's interceptor thread must have been idle, once the gate is closed, before the
     * messages it acknowledged earlier count as handed to ingest (its queue is FIFO and has no drain call).
     */
    private static final Duration HOOK_QUIET = Duration.ofMillis(250);

    private final ShutdownStack closeInReverse = new ShutdownStack();
    private final Liveness liveness = new Liveness();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile boolean databaseUp;
    private volatile boolean httpUp;
    private volatile EmbeddedBroker broker;
    private FanoutServer fanout;
    private IngestService ingest;
    private HikariDataSource pool;
    private String jdbcUrl;
    private String jwtSecret;
    private int mqttPort;
    private int httpPort;
    private List<DeviceCredentials> demoCredentials = List.of();
    private FleetSimulator simulator;
    private IntakeGate gate;
    private IngestHandoff hook;
    private Duration shutdownTimeout = DurabilitySettings.DEFAULT_SHUTDOWN_TIMEOUT;
    private boolean embeddedDatabase;
    private final AtomicBoolean ingestClosed = new AtomicBoolean();

    private VendhubServer() {
    }

    /** Starts everything; on failure, stops what had started and rethrows. */
    public static VendhubServer start(ServeSettings settings, Clock clock) throws Exception {
        VendhubServer server = new VendhubServer();
        server.shutdownTimeout = settings.durability().shutdownTimeout();
        try {
            server.startAll(settings, clock);
            return server;
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    private void startAll(ServeSettings s, Clock clock) throws Exception {
        IngestTuning tuning = s.ingest();
        StorageSettings storage = s.storage();
        DurabilitySettings durability = s.durability();
        // The threads that exist now are not this server's: the critical ones it starts are found by difference.
        Set<Thread> threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);

        String user = s.database().user();
        if (s.database().isEmbedded()) {
            EmbeddedDatabase embedded = EmbeddedDatabase.start(s.dataDirectory().resolve("postgres"), s.embedded().port(),
                    durability.embeddedDatabase());
            closeInReverse.push(embedded);
            embeddedDatabase = true;
            jdbcUrl = embedded.jdbcUrl();
            user = "postgres";
        } else {
            jdbcUrl = s.database().url();
        }
        pool = DatabasePool.create(jdbcUrl, user, s.database().password(), s.database().poolSize(), Duration.ofSeconds(5));
        pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        closeInReverse.push(pool);
        int applied = DatabaseMigrations.migrate(pool, storage.timescale());
        databaseUp = true;
        LOG.info("database ready at {} ({} migrations applied)", redact(jdbcUrl), applied);
        ReadinessSettings readinessSettings = s.readiness();
        DatabaseCheck databaseCheck = new DatabaseCheck(pool, readinessSettings, System::nanoTime, metrics);
        closeInReverse.push(databaseCheck);
        databaseCheck.start();
        BacklogCheck backlog = new BacklogCheck(metrics, readinessSettings);
        IngestStallCheck stall = new IngestStallCheck(
                () -> ingest == null ? Duration.ZERO : ingest.writer().stalledFor(), readinessSettings);
        ServeReadiness readiness = new ServeReadiness(() -> broker != null && broker.isRunning(),
                () -> databaseUp && pool.isRunning() && databaseCheck.up(), backlog::up, () -> httpUp, stall::up);

        jwtSecret = JwtSecrets.resolve(s.jwt().secret(), s.dataDirectory());
        JwtVerifier verifier = JwtVerifier.of(jwtSecret,
                Optional.ofNullable(s.jwt().publicKeyPem()).map(JwtVerifier::parseRsaPublicKey));

        // The fan-out is built first because ingest publishes into it; it binds after ingest is up.
        FanoutConfig fanoutConfig = s.http();
        IngestSettings ingestSettings = IngestSettings.defaults();
        ingestSettings = new IngestSettings(s.mqtt().topicPrefix(),
                ingestSettings.limits().withMaxPayloadBytes(s.devices().maxPayloadBytes())
                        .withEarliestDeviceTime(tuning.earliestDeviceTime()), tuning.batch(),
                ingestSettings.deadLetterMaxPayload(), ingestSettings.logThrottleInterval())
                .withAlerts(tuning.alerts()).withEvents(tuning.events());
        FanoutServer[] fanoutRef = new FanoutServer[1];
        // Commit acknowledgements go out through the broker, which starts after ingest: until then
        // (and after it stops) AckPublisher counts them as dropped; devices republish and are acked later.
        broker = new EmbeddedBroker();
        AckPublisher acks = new AckPublisher(broker, new TopicScheme(s.mqtt().topicPrefix()), new WireJson(), metrics);
        RoomEventSink toFanout = new RoomEventSink() {
            @Override
            public void publish(RoomEvent event) {
                fanoutRef[0].publish(event);
            }

            @Override
            public boolean hasAudience(UUID organizationId, Room room) {
                return fanoutRef[0].hasAudience(organizationId, room);
            }
        };
        ingest = new IngestService(pool, ingestSettings, toFanout, clock, metrics, acks, tuning.spool());
        // A rotated token must stop working at once, also for a machine connected with it (issue 5).
        CatalogDirectory directory = new CatalogDirectory(ingest, id -> {
            if (broker != null) {
                broker.disconnect(id.toString());
            }
        });
        fanout = new FanoutServer(fanoutConfig, verifier, directory, directory, new JdbcAlertDirectory(pool),
                readiness, metrics, null, new JdbcTelemetryHistory(pool, storage.historyQueryTimeout()),
                storage.history());
        fanoutRef[0] = fanout;

        ingest.start();
        // Normally drained by close() before the stack unwinds; this covers a start that failed half-way.
        closeInReverse.push(() -> drainIngest(System.nanoTime() + shutdownTimeout.toNanos()));
        httpPort = fanout.start();
        httpUp = true;
        closeInReverse.push(fanout);

        SilenceWatch silence = new SilenceWatch(ingest.status(), ingest.machines(), clock,
                s.devices().silenceTimeout(), metrics);
        closeInReverse.push(silence);
        silence.start();

        LogThrottle throttle = new LogThrottle(TimeUnit.SECONDS.toNanos(10), System::nanoTime);
        DeviceTopicPolicy policy = new DeviceTopicPolicy(new TopicScheme(s.mqtt().topicPrefix()), throttle, metrics);
        EmbeddedBroker started = broker;
        gate = new IntakeGate(metrics);
        hook = new IngestHandoff(ingest.handoff(), new ServiceEventRelay(new TopicScheme(s.mqtt().topicPrefix()),
                new RoomEventWire(new TopicScheme(s.mqtt().topicPrefix()), WireJson.newObjectMapper(),
                        FanoutNode.MAX_EVENT_BYTES), fanout, new BackendEventPolicy(directory), throttle, metrics),
                started::isConnected, metrics);
        Optional<MqttTls> tls = s.devices().tlsEnabled()
                ? Optional.of(new MqttTls(s.devices().tlsPort(), s.devices().tlsCertificate(), s.devices().tlsKey(),
                        s.devices().plainPortEnabled()))
                : Optional.empty();
        ConnectRateLimiter connectRate = new ConnectRateLimiter(s.devices().connectsPerSourcePerMinute(),
                s.devices().connectRateMaxSources(), s.devices().connectRateMaxBytes(), System::nanoTime);
        Gauge.builder("vendhub.broker.connect.rate.sources", connectRate, ConnectRateLimiter::sources)
                .description("Client ids the CONNECT rate remembers now").register(metrics);
        Gauge.builder("vendhub.broker.connect.rate.bytes", connectRate, ConnectRateLimiter::bytes)
                .description("Estimated bytes of the client ids the CONNECT rate remembers now").register(metrics);
        FunctionCounter.builder("vendhub.broker.connect.rate.cleared", connectRate, ConnectRateLimiter::clears)
                .description("Times a bound of the CONNECT rate was reached and its memory cleared").register(metrics);
        mqttPort = broker.start(
                new BrokerSettings(s.http().host(), s.mqtt().port(), s.mqtt().maxPacketBytes(),
                        s.devices().sessionQueueSize(), s.mqtt().topicPrefix()), tls,
                List.of(hook,
                        new ConnectionLimit(s.devices().maxConnections(), started::disconnect, started::isConnected,
                                metrics)),
                gate.guard(new DeviceAuthenticator(ingest.machines(), ServiceAccounts.withSecret(s.devices().serviceSecret()),
                        connectRate,
                        new ConnectRateLimiter(CATALOG_MISSES_PER_MINUTE, 1, CATALOG_MISSES_MAX_BYTES, System::nanoTime),
                        throttle, metrics)),
                gate.guard(policy), new ConnectGuard(policy, throttle, metrics));
        closeInReverse.push(broker);

        if (s.demo().enabled()) {
            demoCredentials = DemoFleet.provision(ingest.machines(), s.demo().machines());
            SimulatorConfig simConfig = SimulatorConfig.builder("127.0.0.1", mqttPort)
                    .topicPrefix(s.mqtt().topicPrefix())
                    .publishInterval(s.demo().interval())
                    .build();
            simulator = new FleetSimulator(simConfig, demoCredentials);
            closeInReverse.push(simulator);
            simulator.start();
        }
        if (!s.statusInterval().isZero()) {
            StatusLine status = new StatusLine(ingest.ingestor()::counters,
                    () -> ingest.machines().all().size(), fanout::connectedSockets);
            closeInReverse.push(status);
            status.start(s.statusInterval());
        }
        List<String> watched = liveness.watchStartedSince(threadsBefore);
        liveness.installUncaughtHandler();
        readiness.liveness(liveness);
        closeInReverse.push(liveness); // closed first: threads ending during the shutdown are expected
        LOG.info("GET /health/live watches the threads {}", watched);
        LOG.info("vendhub ready: MQTT on port {}, HTTP + Socket.IO on port {}", mqttPort, httpPort);
    }

    private static String redact(String url) {
        return url.replaceAll("password=[^&]*", "password=***");
    }

    public int mqttPort() {
        return mqttPort;
    }

    /** The bound MQTT over TLS port; 0 without TLS. */
    public int mqttTlsPort() {
        return broker == null ? 0 : broker.tlsPort();
    }

    public int httpPort() {
        return httpPort;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public DataSource dataSource() {
        return pool;
    }

    public IngestService ingest() {
        return ingest;
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
     * Stops gracefully within the shutdown bound (docs/architecture.md, "Shutdown: ordered and bounded"): stop taking
     * messages while the machines stay connected, write what was taken and acknowledge it through the
     * still-running broker, then stop the rest newest first, the database last. Each step's failure is
     * logged and does not stop the others.
     */
    @Override
    public void close() {
        long started = System.nanoTime();
        long deadline = started + shutdownTimeout.toNanos();
        liveness.close(); // threads ending while draining are expected
        if (simulator != null) {
            simulator.close(); // the demo machines say goodbye (retained offline) before the gate refuses them
        }
        if (gate != null && broker != null && broker.isRunning()) {
            gate.close();
            LOG.info("shutdown: stopped taking messages (CONNECT and PUBLISH refused; machines stay connected "
                    + "for their acknowledgements; bound {})", shutdownTimeout);
            awaitHookQuiet(deadline);
        }
        drainIngest(deadline);
        closeInReverse.close();
        LOG.info("shutdown: {} in {} ms", embeddedDatabase ? "embedded database stopped; complete" : "complete",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Waits until Moquette has handed over what it acknowledged before the gate closed (bounded). */
    private void awaitHookQuiet(long deadline) {
        long limit = Math.min(deadline - STOP_RESERVE.toNanos(), System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
        try {
            while (System.nanoTime() - hook.lastEventNanos() < HOOK_QUIET.toNanos() && System.nanoTime() < limit) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what ingest holds and sends its acknowledgements, once, within the bound less the stop reserve. */
    private void drainIngest(long deadline) {
        if (ingest == null || !ingestClosed.compareAndSet(false, true)) {
            return;
        }
        long committedBefore = ingest.ingestor().counters().committed();
        double ackedBefore = count("vendhub.ingest.acks.published");
        double droppedBefore = count("vendhub.ingest.acks.dropped");
        long budget = Math.max(TimeUnit.SECONDS.toNanos(1), deadline - STOP_RESERVE.toNanos() - System.nanoTime());
        ingest.close(Duration.ofNanos(budget));
        long left = ingest.ingestor().counters().queued();
        LOG.info("shutdown: drained: {} readings committed while stopping{}",
                ingest.ingestor().counters().committed() - committedBefore,
                left == 0 ? "" : "; " + left + " not written in time stay in the spool for the next start");
        LOG.info("shutdown: acknowledged: {} commit acknowledgements published to machines ({} dropped)",
                (long) (count("vendhub.ingest.acks.published") - ackedBefore),
                (long) (count("vendhub.ingest.acks.dropped") - droppedBefore));
    }

    private double count(String counter) {
        var c = metrics.find(counter).counter();
        return c == null ? 0 : c.count();
    }
}
