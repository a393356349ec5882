package com.vendhub.realtime.broker.cluster;

import com.vendhub.realtime.broker.assembly.DatabasePart;
import com.vendhub.realtime.broker.assembly.EventStream;
import com.vendhub.realtime.broker.assembly.IngestPart;
import com.vendhub.realtime.broker.assembly.ProcessMetrics;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder.Stage;
import com.vendhub.realtime.ingest.EventWriterSettings;
import com.vendhub.realtime.ingest.IngestService;
import com.vendhub.realtime.ingest.pipeline.IngestCounters;
import com.vendhub.realtime.ingest.pipeline.TelemetryIngestor;
import com.vendhub.realtime.ingest.store.BatchSettings;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.metrics.SharedMetricNames;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.schema.validation.ValidationLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code vendhub ingest} process: an ingest worker on an external MQTT 5 broker. Its
 * {@link SharedSubscriptionSession} takes its share of the fleet's messages and acknowledges each only once
 * its reading has committed. After each commit it publishes the machines' {@code ack} topics, and every live
 * event goes out on the event stream for the {@code vendhub fanout} nodes. Built from the shared parts of
 * {@link com.vendhub.realtime.broker.assembly} and stopped in the one {@link ShutdownOrder}.
 */
public final class IngestWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestWorker.class);

    /** Default share group: every worker of one deployment uses the same one. */
    public static final String DEFAULT_SHARE_GROUP = "vendhub-ingest";
    /** How long the broker keeps a worker's session (and the messages routed to it) while it is away. */
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofHours(24);
    /** Messages the broker may send this worker without its acknowledgement (MQTT 5 Receive Maximum). */
    public static final int DEFAULT_RECEIVE_MAXIMUM = 2_000;
    /** Commit acknowledgements, and separately live events, waiting for the broker at once. */
    public static final int DEFAULT_PUBLISH_LIMIT = 10_000;
    /** How long a worker goes without a message before it sends its SUBSCRIBE again (see {@link Settings}). */
    public static final Duration DEFAULT_IDLE_RESUBSCRIBE = Duration.ofSeconds(1);

    /**
     * @param mqttUsername   service credentials on the broker (null: the URL's, or none)
     * @param clientId       MQTT client id; stable per worker, so that a restarted worker resumes its session
     * @param shareGroup     the {@code $share/{group}/...} name shared by all workers
     * @param sessionExpiry  MQTT 5 session expiry interval
     * @param receiveMaximum MQTT 5 Receive Maximum: unacknowledged messages in flight to this worker
     * @param publishLimit   acks (and, separately, events) waiting for the broker before more are dropped
     * @param batch          write batching; its queue capacity must hold at least {@code receiveMaximum}
     * @param statusInterval period of the one-line summary; zero: none
     * @param earliestDeviceTime no time of a reading may be before it ({@code --earliest-device-time})
     * @param events         the events writer's queues, dead-letter budget and retention
     * @param idleResubscribe a worker that got no message for this long, with none unacknowledged, sends its
     *                       SUBSCRIBE again; zero: never. HiveMQ CE offers a share group's queued messages to
     *                       an idle member only when that queue turns from empty to non-empty, counting the
     *                       messages in flight (its {@code ClientQueuePersistenceImpl#add}), and polls for a
     *                       member when it subscribes ({@code invalidateSharedSubscriptionCacheAndPoll}). With
     *                       acknowledgements after commit the queue stays non-empty while devices publish, so a
     *                       worker that joins a busy group got nothing at all; the SUBSCRIBE lets it in. MQTT 5
     *                       (3.8.4) makes a repeated SUBSCRIBE replace the subscription, nothing else.
     */
    public record Settings(MqttUrl mqtt, String mqttUsername, String mqttPassword, String clientId, String shareGroup,
            Duration sessionExpiry, int receiveMaximum, int publishLimit, String dbUrl, String dbUser,
            String dbPassword, int dbPoolSize, String topicPrefix, BatchSettings batch, Duration statusInterval,
            Instant earliestDeviceTime, EventWriterSettings events, Duration idleResubscribe) {

        /** With the default earliest device time, events-writer settings and idle re-subscription. */
        public Settings(MqttUrl mqtt, String mqttUsername, String mqttPassword, String clientId, String shareGroup,
                Duration sessionExpiry, int receiveMaximum, int publishLimit, String dbUrl, String dbUser,
                String dbPassword, int dbPoolSize, String topicPrefix, BatchSettings batch, Duration statusInterval) {
            this(mqtt, mqttUsername, mqttPassword, clientId, shareGroup, sessionExpiry, receiveMaximum, publishLimit,
                    dbUrl, dbUser, dbPassword, dbPoolSize, topicPrefix, batch, statusInterval,
                    ValidationLimits.defaults().earliestDeviceTime(), EventWriterSettings.defaults(),
                    DEFAULT_IDLE_RESUBSCRIBE);
        }

        public Settings {
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException("the MQTT client id must not be empty");
            }
            if (shareGroup == null || shareGroup.isEmpty() || shareGroup.matches(".*[/+#].*")) {
                throw new IllegalArgumentException("share group must be non-empty without '/', '+' or '#': " + shareGroup);
            }
            if (sessionExpiry.isNegative() || sessionExpiry.getSeconds() > 0xFFFF_FFFEL) {
                throw new IllegalArgumentException("session expiry must be between 0 and 4294967294 seconds");
            }
            if (receiveMaximum < 1 || receiveMaximum > 65_535) {
                throw new IllegalArgumentException("receive maximum must be between 1 and 65535");
            }
            // Every unacknowledged message is at most one queued reading: a queue that holds the receive
            // maximum never refuses a QoS 1 reading (a refused one would hold back every later PUBACK).
            if (batch.queueCapacity() < receiveMaximum) {
                throw new IllegalArgumentException("the ingest queue capacity (" + batch.queueCapacity()
                        + ") must be at least the receive maximum (" + receiveMaximum + ")");
            }
            if (idleResubscribe.isNegative()) {
                throw new IllegalArgumentException("the idle re-subscribe interval must not be negative");
            }
        }

        /** {@code vendhub-ingest-<host name>}: stable across restarts of one host or pod. */
        public static String defaultClientId() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = System.getenv().getOrDefault("HOSTNAME", "worker");
            }
            return "vendhub-ingest-" + host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        }
    }

    private final PrometheusMeterRegistry metrics = ProcessMetrics.newRegistry();
    private final ShutdownOrder shutdown = new ShutdownOrder(ShutdownOrder.DEFAULT_BOUND);
    private Settings settings;
    private SharedSubscriptionSession session;
    private TelemetryIngestor ingestor;
    private Counter eventsDropped;
    private Counter acksDropped;

    private IngestWorker() {
    }

    public static IngestWorker start(Settings s) throws Exception {
        return ShutdownOrder.startOrClose(new IngestWorker(), worker -> worker.startAll(s));
    }

    /** Builds the parts, then starts them: the database, the ingest service, the MQTT session, the status line. */
    private void startAll(Settings s) throws Exception {
        this.settings = s;
        TopicScheme topics = new TopicScheme(s.topicPrefix());
        DatabasePart database = DatabasePart.connect(s.dbUrl(), s.dbUser(), s.dbPassword(), s.dbPoolSize(), metrics,
                shutdown);
        database.migrate();

        session = new SharedSubscriptionSession(s, topics, metrics, shutdown);
        eventsDropped = counter("vendhub.cluster.events.dropped",
                "Live events not published on the event stream because the publish limit was reached");
        BoundedPublisher events = session.publisher("events",
                counter("vendhub.cluster.events.published", "Live events the broker took on the event stream"),
                eventsDropped,
                counter("vendhub.cluster.events.failed", "Live events the client or broker refused"));
        acksDropped = counter("vendhub.ingest.acks.dropped",
                "Commit acknowledgements not published (publish limit reached or broker unavailable)");
        BoundedPublisher acks = session.publisher("acks",
                counter("vendhub.ingest.acks.published", "Commit acknowledgements published on machines' ack topics"),
                acksDropped,
                counter(SharedMetricNames.INGEST_ACK_ERRORS,
                        "Commit acknowledgements that failed to go out (the rows are committed)"));
        IngestService ingest = new IngestService(database.dataSource(),
                IngestPart.settings(s.topicPrefix(), limits -> limits.withEarliestDeviceTime(s.earliestDeviceTime()),
                        s.batch(), s.events()),
                new MqttRoomEventPublisher(events, EventStream.wire(topics)),
                Clock.systemUTC(), metrics, new MqttAckPublisher(acks, topics, new WireJson()), session.queue());
        IngestPart.start(ingest, metrics, shutdown);
        ingestor = ingest.ingestor();

        session.start(ingestor);
        if (!s.statusInterval().isZero()) {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                    r -> SharedSubscriptionSession.daemon(r, "status-line"));
            shutdown.add(Stage.STOP_OUTPUTS, "status line", deadline -> timer.shutdownNow());
            long every = s.statusInterval().toMillis();
            timer.scheduleAtFixedRate(() -> LOG.info(statusLine()), every, every, TimeUnit.MILLISECONDS);
        }
        LOG.info("vendhub ingest ready: {} on {}, share group {}, receive maximum {}", s.clientId(), s.mqtt(),
                s.shareGroup(), s.receiveMaximum());
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(metrics);
    }

    /** The one-line summary the worker logs every status interval. */
    public String statusLine() {
        IngestCounters c = ingestor.counters();
        return String.format("ingest worker %s: messages in %d, stored %d, rejected %d, queued %d, "
                        + "acknowledged to broker %d, unacknowledged %d, events dropped %.0f, acks dropped %.0f",
                settings.clientId(), c.received(), c.committed(), c.rejected(), c.queued(), session.acknowledged(),
                session.fromBroker() - session.acknowledged(), eventsDropped.count(), acksDropped.count());
    }

    /** Messages this worker took from the broker since start. */
    public long messagesFromBroker() {
        return session.fromBroker();
    }

    public IngestCounters counters() {
        return ingestor.counters();
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /**
     * Stops in the one shutdown order: stop taking messages (new ones stay unacknowledged with the broker),
     * write and acknowledge what is queued, then disconnect, keeping the session, and close the pool.
     */
    @Override
    public void close() {
        shutdown.close();
    }
}
