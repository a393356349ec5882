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
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder.Stage;
import com.vendhub.realtime.schema.text.LogThrottle;
import com.vendhub.realtime.ingest.pipeline.TelemetryIngestor;
import com.vendhub.realtime.schema.topics.MachineTopic;
import com.vendhub.realtime.schema.topics.MachineTopicKind;
import com.vendhub.realtime.schema.topics.TopicScheme;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ingest worker's MQTT 5 session on the external broker: a persistent session ({@code cleanStart=false},
 * a session expiry) with shared subscriptions to every machine's {@code telemetry} and {@code status}, so
 * the broker splits the fleet's messages across the workers of one share group and keeps what a worker has
 * not acknowledged. Each message goes through the ingest pipeline on one thread; it is acknowledged (PUBACK)
 * only once its reading's batch has committed ({@link AcknowledgingReadingQueue}), statuses and dead letters
 * at once. An idle worker sends its SUBSCRIBE again (see {@link IngestWorkerSettings#idleResubscribe()}).
 * The same connection carries the worker's publishes ({@link #publisher}).
 *
 * <p>Registers itself in the {@link ShutdownOrder}: it stops taking messages in {@link Stage#STOP_INTAKE}
 * (what arrives later stays unacknowledged with the broker) and disconnects, keeping the session, in
 * {@link Stage#STOP_OUTPUTS}, after the drain has sent the acknowledgements of what was queued.
 */
final class SharedSubscriptionSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedSubscriptionSession.class);

    private final IngestWorkerSettings settings;
    private final TopicScheme topics;
    private final Mqtt5AsyncClient client;
    private final AcknowledgingReadingQueue queue;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean connectedOnce = new AtomicBoolean();
    private final AtomicLong fromBroker = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final Counter receiveMaximumExceeded;
    private final Counter refusedUnacked;
    private final Counter brokerAckErrors;
    private final Counter messages;
    private final Counter idleResubscribes;
    private final LogThrottle idleLogThrottle = new LogThrottle(TimeUnit.SECONDS.toNanos(10), System::nanoTime);
    /** {@link #fromBroker} when {@link #resubscribeIfIdle} last looked (only that thread uses it). */
    private long messagesAtLastIdleCheck = -1;
    private TelemetryIngestor ingestor;
    private ExecutorService ingestThread;
    private ScheduledExecutorService idleCheck;

    /** Builds the client (not connected yet) and the write queue that acknowledges after commit. */
    SharedSubscriptionSession(IngestWorkerSettings s, TopicScheme topics, MeterRegistry metrics,
            ShutdownOrder shutdown) {
        this.settings = s;
        this.topics = topics;
        receiveMaximumExceeded = Counter.builder("vendhub.cluster.broker.receive.maximum.exceeded")
                .description("Connections the client closed because the broker overshot the Receive Maximum")
                .register(metrics);
        refusedUnacked = Counter.builder("vendhub.cluster.broker.unacknowledged.refused")
                .description("Readings the write queue refused; left unacknowledged, the broker sends them again")
                .register(metrics);
        brokerAckErrors = Counter.builder(AcknowledgingReadingQueue.BROKER_ACK_ERRORS)
                .description("Acknowledgements to the MQTT broker that threw").register(metrics);
        messages = Counter.builder("vendhub.cluster.broker.messages")
                .description("Messages the broker delivered to this worker").register(metrics);
        idleResubscribes = Counter.builder("vendhub.cluster.broker.idle.resubscribes")
                .description("SUBSCRIBEs sent again after --mqtt-idle-resubscribe without a message").register(metrics);
        Gauge.builder("vendhub.cluster.broker.unacknowledged", () -> fromBroker.get() - acknowledged.get())
                .description("Messages received and not yet acknowledged to the broker").register(metrics);
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
                        LOG.warn("MQTT connection to {} lost: {}", s.mqtt().url(), c.getCause().toString());
                    }
                })
                .buildAsync();
        queue = new AcknowledgingReadingQueue(s.batch().queueCapacity(), metrics);
        shutdown.add(Stage.STOP_INTAKE, "MQTT intake", deadline -> stopTaking());
        shutdown.add(Stage.STOP_OUTPUTS, this);
    }

    /** The write queue the ingest service is built with: a reading's message is acknowledged when its batch commits. */
    AcknowledgingReadingQueue queue() {
        return queue;
    }

    /** Publishes over this session's connection, at most {@code publishLimit} waiting for the broker. */
    BoundedPublisher publisher(String what, Counter published, Counter dropped, Counter failed) {
        return new BoundedPublisher(client, what, settings.publishLimit(), published, dropped, failed);
    }

    /** Connects, resuming the session, and subscribes; messages go through {@code ingestor} on one thread. */
    void start(TelemetryIngestor ingestor) throws Exception {
        this.ingestor = ingestor;
        // One ingest thread: the pipeline expects one caller at a time, and the broker's Receive
        // Maximum bounds what waits for it (the client hands messages over with back-pressure).
        ingestThread = Executors.newSingleThreadExecutor(r -> daemon(r, "mqtt-ingest"));
        // Registered before CONNECT: a resumed session delivers its messages right after CONNACK,
        // before any SUBSCRIBE of ours; a message no flow takes would be acknowledged unseen.
        client.publishes(MqttGlobalPublishFilter.ALL, this::onMessage, ingestThread, true);
        Mqtt5ConnAck connAck = client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(settings.sessionExpiry().getSeconds())
                .restrictions().receiveMaximum(settings.receiveMaximum()).applyRestrictions()
                .send().get(30, TimeUnit.SECONDS);
        LOG.info("connected to {} as {} (session {})", settings.mqtt().url(), settings.clientId(),
                connAck.isSessionPresent() ? "resumed" : "new");
        subscribe(true).get(30, TimeUnit.SECONDS);
        if (!settings.idleResubscribe().isZero()) {
            idleCheck = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "idle-resubscribe"));
            long every = settings.idleResubscribe().toMillis();
            idleCheck.scheduleWithFixedDelay(this::resubscribeIfIdle, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Shared subscriptions to telemetry and status (both QoS 1, no retained messages).
     *
     * @param log whether to log the subscriptions (not for the repeats of an idle worker)
     */
    private CompletableFuture<Mqtt5SubAck> subscribe(boolean log) {
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
            return; // the first connection subscribes in start
        }
        LOG.info("MQTT connection to {} back", settings.mqtt().url());
        // If the session expired meanwhile, the subscriptions went with it; subscribing again is harmless.
        subscribe(true).exceptionally(e -> {
            LOG.error("subscribing again after a reconnect failed", e);
            return null;
        });
    }

    /**
     * The idle-check thread: SUBSCRIBE again when no message came since the last look and none waits for its
     * acknowledgement (see {@link IngestWorkerSettings#idleResubscribe()}). Never throws: the executor would stop.
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

    /** Whether the client is connected to the broker now (readiness of {@code vendhub ingest}). */
    boolean connected() {
        return client.getState().isConnected();
    }

    /** Messages the broker delivered since start. */
    long fromBroker() {
        return fromBroker.get();
    }

    /** Of those, the ones acknowledged to the broker. */
    long acknowledged() {
        return acknowledged.get();
    }

    /** Stops taking messages: what arrives from now on stays unacknowledged with the broker. */
    private void stopTaking() {
        stopping.set(true);
        if (idleCheck != null) {
            idleCheck.shutdownNow();
        }
    }

    /** Disconnects, keeping the session (also ends the automatic reconnects of a start that failed). */
    @Override
    public void close() {
        stopTaking();
        try {
            // A normal DISCONNECT keeps the session (its expiry is not changed): what was not
            // acknowledged stays with the broker for this worker's next start.
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("MQTT disconnect: {}", e.toString());
        }
        if (ingestThread != null) {
            ingestThread.shutdown();
        }
    }
}
