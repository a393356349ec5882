package com.vendhub.realtime.broker.cluster;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.vendhub.realtime.broker.db.DatabasePool;
import com.vendhub.realtime.ingest.IngestService;
import com.vendhub.realtime.ingest.IngestSettings;
import com.vendhub.realtime.ingest.pipeline.IngestCounters;
import com.vendhub.realtime.ingest.pipeline.LogThrottle;
import com.vendhub.realtime.ingest.pipeline.TelemetryIngestor;
import com.vendhub.realtime.schema.config.MqttUrl;
import com.vendhub.realtime.schema.events.RoomEventWire;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.migration.DatabaseMigrations;
import com.vendhub.realtime.schema.topics.MachineTopic;
import com.vendhub.realtime.schema.topics.MachineTopicKind;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code vendhub ingest} process: an ingest worker on an external MQTT 5 broker. It holds a
 * persistent session ({@code cleanStart=false}, a session expiry) with shared subscriptions to every
 * machine's {@code telemetry} and {@code status}, so the broker splits the fleet's messages across
 * the workers of one share group and keeps what a worker has not acknowledged. A message is
 * acknowledged (PUBACK) only once its reading's batch has committed; statuses and dead letters at
 * once. After each commit it publishes the machines' {@code ack} topics, and every live event goes
 * out on the event stream for the {@code vendhub fanout} nodes.
 */
public final class IngestWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestWorker.class);

    /** Largest event-stream message published (as the fan-out node accepts). */
    static final int MAX_EVENT_BYTES = FanoutNode.MAX_EVENT_BYTES;

    // What close() stops, in its own order (null: not started).
    private HikariDataSource pool;
    private ExecutorService ingestThread;
    private ScheduledExecutorService timer;
    private ScheduledExecutorService idleCheck;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean connectedOnce = new AtomicBoolean();
    private final AtomicLong fromBroker = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private IngestWorkerSettings settings;
    private TopicScheme topics;
    private Mqtt5AsyncClient client;
    private AcknowledgingReadingQueue queue;
    private IngestService ingest;
    private TelemetryIngestor ingestor;
    private Counter refusedUnacked;
    private Counter brokerAckErrors;
    private Counter eventsDropped;
    private Counter acksDropped;
    private Counter messages;
    private Counter receiveMaximumExceeded;
    private Counter idleResubscribes;
    /** {@link #fromBroker} when {@link #resubscribeIfIdle} last looked (only that thread uses it). */
    private long messagesAtLastIdleCheck = -1;
    private final LogThrottle idleLogThrottle = new LogThrottle(TimeUnit.SECONDS.toNanos(10), System::nanoTime);

    private IngestWorker() {
    }

    public static IngestWorker start(IngestWorkerSettings s) throws Exception {
        IngestWorker worker = new IngestWorker();
        try {
            worker.startAll(s);
            return worker;
        } catch (Exception | Error e) {
            worker.close();
            throw e;
        }
    }

    private void startAll(IngestWorkerSettings s) throws Exception {
        this.settings = s;
        this.topics = new TopicScheme(s.topicPrefix());
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        pool = DatabasePool.create(s.database().url(), s.database().user(), s.database().password(),
                s.database().poolSize(), Duration.ofSeconds(5));
        pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        // Flyway takes a database lock, so workers starting together migrate once.
        int applied = DatabaseMigrations.migrate(pool);
        LOG.info("database ready ({} migrations applied)", applied);

        receiveMaximumExceeded = Counter.builder("vendhub.cluster.broker.receive.maximum.exceeded")
                .description("Connections the client closed because the broker overshot the Receive Maximum")
                .register(metrics);
        client = MqttClients.builder(s.mqtt().url(), s.clientId(), s.mqtt().username(), s.mqtt().password())
                .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(10, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(c -> onConnected())
                .addDisconnectedListener(c -> {
                    if (stopping.get()) {
                        return;
                    }
                    if (c.getCause() instanceof Mqtt5DisconnectException d && d.getMqttMessage().getReasonCode()
                            == Mqtt5DisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED) {
                        // Mosquitto < 2.0.13 overshoots the Receive Maximum once messages queue for a client
                        // (its db__message_delete_outgoing counts only the in-flight messages before the one
                        // acknowledged); the client then drops the connection, and again after each resend.
                        receiveMaximumExceeded.increment();
                        LOG.error("the broker sent more unacknowledged messages than the receive maximum ({}); "
                                + "Mosquitto before 2.0.13 does under load: give --mqtt-receive-maximum 65535 and "
                                + "--ingest-queue-capacity 65535, or upgrade the broker", s.receiveMaximum());
                    } else {
                        LOG.warn("MQTT connection to {} lost: {}", s.mqtt(), c.getCause().toString());
                    }
                })
                .buildAsync();

        eventsDropped = Counter.builder("vendhub.cluster.events.dropped")
                .description("Live events not published on the event stream because the publish limit was reached")
                .register(metrics);
        BoundedPublisher events = new BoundedPublisher(client, "events", s.publishLimit(),
                Counter.builder("vendhub.cluster.events.published")
                        .description("Live events the broker took on the event stream").register(metrics),
                eventsDropped,
                Counter.builder("vendhub.cluster.events.failed")
                        .description("Live events the client or broker refused").register(metrics));
        acksDropped = Counter.builder("vendhub.ingest.acks.dropped")
                .description("Commit acknowledgements not published (publish limit reached or broker unavailable)")
                .register(metrics);
        BoundedPublisher acks = new BoundedPublisher(client, "acks", s.publishLimit(),
                Counter.builder("vendhub.ingest.acks.published")
                        .description("Commit acknowledgements published on machines' ack topics").register(metrics),
                acksDropped,
                Counter.builder("vendhub.ingest.ack.errors")
                        .description("Commit acknowledgements that failed to go out (the rows are committed)")
                        .register(metrics));

        queue = new AcknowledgingReadingQueue(s.batch().queueCapacity(), metrics);
        IngestSettings defaults = IngestSettings.defaults();
        IngestSettings ingestSettings = new IngestSettings(s.topicPrefix(),
                defaults.limits().withEarliestDeviceTime(s.earliestDeviceTime()), s.batch(),
                defaults.deadLetterMaxPayload(), defaults.logThrottleInterval()).withEvents(s.events());
        ingest = new IngestService(pool, ingestSettings,
                new MqttRoomEventPublisher(events,
                        new RoomEventWire(topics, WireJson.newObjectMapper(), MAX_EVENT_BYTES)),
                Clock.systemUTC(), metrics, new MqttAckPublisher(acks, topics, new WireJson()), queue);
        ingest.start();
        ingestor = ingest.ingestor();

        refusedUnacked = Counter.builder("vendhub.cluster.broker.unacknowledged.refused")
                .description("Readings the write queue refused; left unacknowledged, the broker sends them again")
                .register(metrics);
        brokerAckErrors = Counter.builder("vendhub.cluster.broker.ack.errors")
                .description("Acknowledgements to the MQTT broker that threw").register(metrics);
        messages = Counter.builder("vendhub.cluster.broker.messages")
                .description("Messages the broker delivered to this worker").register(metrics);
        Gauge.builder("vendhub.cluster.broker.unacknowledged", () -> fromBroker.get() - acknowledged.get())
                .description("Messages received and not yet acknowledged to the broker").register(metrics);

        // One ingest thread: the pipeline expects one caller at a time, and the broker's Receive
        // Maximum bounds what waits for it (the client hands messages over with back-pressure).
        ingestThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mqtt-ingest");
            t.setDaemon(true);
            return t;
        });
        // Registered before CONNECT: a resumed session delivers its messages right after CONNACK,
        // before any SUBSCRIBE of ours; a message no flow takes would be acknowledged unseen.
        client.publishes(MqttGlobalPublishFilter.ALL, this::onMessage, ingestThread, true);

        Mqtt5ConnAck connAck = client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(s.sessionExpiry().getSeconds())
                .restrictions().receiveMaximum(s.receiveMaximum()).applyRestrictions()
                .send().get(30, TimeUnit.SECONDS);
        LOG.info("connected to {} as {} (session {})", s.mqtt(), s.clientId(),
                connAck.isSessionPresent() ? "resumed" : "new");
        subscribe(true).get(30, TimeUnit.SECONDS);

        idleResubscribes = Counter.builder("vendhub.cluster.broker.idle.resubscribes")
                .description("SUBSCRIBEs sent again after --mqtt-idle-resubscribe without a message").register(metrics);
        if (!s.idleResubscribe().isZero()) {
            idleCheck = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "idle-resubscribe");
                t.setDaemon(true);
                return t;
            });
            long every = s.idleResubscribe().toMillis();
            idleCheck.scheduleWithFixedDelay(this::resubscribeIfIdle, every, every, TimeUnit.MILLISECONDS);
        }
        if (!s.statusInterval().isZero()) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "status-line");
                t.setDaemon(true);
                return t;
            });
            long every = s.statusInterval().toMillis();
            timer.scheduleAtFixedRate(() -> LOG.info(statusLine()), every, every, TimeUnit.MILLISECONDS);
        }
        LOG.info("vendhub ingest ready: {} on {}, share group {}, receive maximum {}", s.clientId(), s.mqtt(),
                s.shareGroup(), s.receiveMaximum());
    }

    /**
     * Shared subscriptions to telemetry and status (both QoS 1, no retained messages).
     *
     * @param log whether to log the subscriptions (not for the repeats of an idle worker)
     */
    private java.util.concurrent.CompletableFuture<Mqtt5SubAck> subscribe(boolean log) {
        String share = "$share/" + settings.shareGroup() + "/";
        Mqtt5Subscribe subscribe = Mqtt5Subscribe.builder()
                // No retained message either: a device that retained a reading would otherwise have it stored
                // again at every SUBSCRIBE on brokers that send retained messages to shared subscriptions.
                .addSubscription().topicFilter(share + topics.allMachines(MachineTopicKind.TELEMETRY))
                .qos(MqttQos.AT_LEAST_ONCE).retainHandling(Mqtt5RetainHandling.DO_NOT_SEND).applySubscription()
                // Status is retained. MQTT 5 (4.8.2) sends no retained message to a shared subscription,
                // and DO_NOT_SEND makes sure of it on brokers that would: every worker would otherwise get
                // every machine's last status at each start. A worker starts from the statuses in the
                // database; live statuses (Last Wills included) reach one worker each.
                .addSubscription().topicFilter(share + topics.allMachines(MachineTopicKind.STATUS))
                .qos(MqttQos.AT_LEAST_ONCE).retainHandling(Mqtt5RetainHandling.DO_NOT_SEND).applySubscription()
                .build();
        return client.subscribe(subscribe).thenApply(subAck -> {
            List<Mqtt5SubAckReasonCode> codes = subAck.getReasonCodes();
            if (codes.stream().anyMatch(Mqtt5SubAckReasonCode::isError)) {
                throw new IllegalStateException("the broker refused the shared subscriptions: " + codes
                        + " (does it support MQTT 5 shared subscriptions, and may this user subscribe?)");
            }
            if (log) {
                LOG.info("subscribed to {}", subscribe.getSubscriptions());
            }
            return subAck;
        });
    }

    private void onConnected() {
        if (connectedOnce.compareAndSet(false, true)) {
            return; // the first connection subscribes in startAll
        }
        LOG.info("MQTT connection to {} back", settings.mqtt());
        // If the session expired meanwhile, the subscriptions went with it; subscribing again is harmless.
        subscribe(true).exceptionally(e -> {
            LOG.error("subscribing again after a reconnect failed", e);
            return null;
        });
    }

    /**
     * The idle-check thread: SUBSCRIBE again when no message came since the last look and none waits for its
     * acknowledgement (see {@link Settings#idleResubscribe()}). Never throws: the executor would stop.
     */
    private void resubscribeIfIdle() {
        try {
            long received = fromBroker.get();
            boolean idle = received == messagesAtLastIdleCheck && received == acknowledged.get();
            messagesAtLastIdleCheck = received;
            if (idle && !stopping.get() && client.getState().isConnected()) {
                idleResubscribes.increment();
                subscribe(false).exceptionally(e -> {
                    idleWarning("subscribing again while idle failed: {} ({} more since the last line)", e);
                    return null;
                });
            }
        } catch (RuntimeException e) {
            idleWarning("idle re-subscribe check failed: {} ({} more since the last line)", e);
        }
    }

    private void idleWarning(String format, Throwable e) {
        long suppressed = idleLogThrottle.admit(format);
        if (suppressed >= 0) {
            LOG.warn(format, e.toString(), suppressed);
        }
    }

    /** The ingest thread: one message from the broker. */
    private void onMessage(Mqtt5Publish publish) {
        if (stopping.get()) {
            return; // not acknowledged: the broker sends it again to the next session
        }
        fromBroker.incrementAndGet();
        messages.increment();
        String topic = publish.getTopic().toString();
        // A subscriber does not see the publisher's client id; the topic's machine id stands for it
        // (the external broker authenticated the device and checked its topic).
        String source = topics.parseMachineTopic(topic).map(MachineTopic::machineId).map(Object::toString)
                .orElse(null);
        byte[] payload = publish.getPayloadAsBytes();
        AcknowledgingReadingQueue.Outcome outcome = queue.handOff(() -> acknowledge(publish),
                () -> ingestor.onPublish(topic, source, payload));
        switch (outcome) {
            case QUEUED -> { } // acknowledged after its batch commits
            case NOT_QUEUED -> acknowledge(publish); // status handled, or dead letter: final now
            case REFUSED -> refusedUnacked.increment();
        }
    }

    private void acknowledge(Mqtt5Publish publish) {
        try {
            publish.acknowledge();
            acknowledged.incrementAndGet();
        } catch (RuntimeException e) {
            brokerAckErrors.increment();
            LOG.warn("acknowledging a message to the broker failed: {}", e.toString());
        }
    }

    private void disconnect() {
        try {
            // A normal DISCONNECT keeps the session (its expiry is not changed): what was not
            // acknowledged stays with the broker for this worker's next start.
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("MQTT disconnect: {}", e.toString());
        }
    }

    /** The one-line summary the worker logs every status interval. */
    public String statusLine() {
        IngestCounters c = ingestor.counters();
        return String.format("ingest worker %s: messages in %d, stored %d, rejected %d, queued %d, "
                        + "acknowledged to broker %d, unacknowledged %d, events dropped %.0f, acks dropped %.0f",
                settings.clientId(), c.received(), c.committed(), c.rejected(), c.queued(), acknowledged.get(),
                fromBroker.get() - acknowledged.get(), eventsDropped.count(), acksDropped.count());
    }

    /** Messages this worker took from the broker since start. */
    public long messagesFromBroker() {
        return fromBroker.get();
    }

    public IngestCounters counters() {
        return ingestor.counters();
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /**
     * Stops taking messages (new ones stay unacknowledged with the broker), writes and acknowledges
     * what is queued, then disconnects, keeping the session.
     */
    @Override
    public void close() {
        stopping.set(true);
        if (timer != null) {
            timer.shutdownNow();
        }
        if (idleCheck != null) {
            idleCheck.shutdownNow();
        }
        if (ingest != null) {
            ingest.close(); // commits what is queued; its PUBACKs and ack topics go out on the open connection
        }
        if (client != null) {
            disconnect(); // also ends automatic reconnects of a start that failed
        }
        if (ingestThread != null) {
            ingestThread.shutdown();
        }
        if (pool != null) {
            pool.close();
        }
    }
}
