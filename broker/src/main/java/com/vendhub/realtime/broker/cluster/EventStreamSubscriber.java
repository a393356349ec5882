package com.vendhub.realtime.broker.cluster;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.vendhub.realtime.fanout.events.BackendEventPolicy;
import com.vendhub.realtime.schema.config.MqttUrl;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.events.RoomEventSink;
import com.vendhub.realtime.schema.events.RoomEventWire;
import com.vendhub.realtime.schema.text.LogText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to the event stream on an external MQTT broker and hands every valid {@link RoomEvent}
 * to the fan-out. A plain (not shared) subscription: every node receives every event, and serves
 * it to its own clients. Invalid messages are counted by reason and logged at most once per 10 s.
 *
 * <p>The stream carries the platform's own events (from ingest workers) next to the backend's, and MQTT
 * does not say who published a message, so the reserved event names cannot be enforced here: the
 * external broker's ACL must keep backend services off {@code machine:*} names (docs/security.md, "Known limits"). What
 * a node does check is that a {@code machine:{id}} event belongs to the organization owning that
 * machine ({@link BackendEventPolicy#checkRoom}); a real event always does, and the owner look-up is
 * cached by the directory, so the cost is one map read per machine event.
 *
 * <p>The subscription is this class's to keep: it is sent again after every reconnect and, when the
 * broker refuses it (a broker that is still starting up after a restart may), again every
 * {@link #RESUBSCRIBE_DELAY} until it is granted. The client's own re-subscription after a reconnect
 * was not enough: once, against a HiveMQ CE that had just become ready, a node reconnected and never
 * received an event again. Messages arrive through one global callback, so a repeated SUBSCRIBE
 * (MQTT 5, 3.8.4: it replaces the subscription) never doubles a delivery.
 */
public final class EventStreamSubscriber implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventStreamSubscriber.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How long after a refused or failed SUBSCRIBE it is sent again. */
    private static final Duration RESUBSCRIBE_DELAY = Duration.ofSeconds(1);

    private final Mqtt5AsyncClient client;
    private final RoomEventWire wire;
    private final RoomEventSink sink;
    private final BackendEventPolicy policy;
    private final MeterRegistry meters;
    private final Counter received;
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final Counter resubscribes;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile boolean subscribed;

    /**
     * @param username service credentials, or null for the URL's (or none)
     * @param policy refuses events into the room of a machine of another organization
     */
    public EventStreamSubscriber(MqttUrl url, String username, String password, RoomEventWire wire,
            RoomEventSink sink, BackendEventPolicy policy, MeterRegistry meters) {
        this.wire = Objects.requireNonNull(wire, "wire");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.received = Counter.builder("vendhub.cluster.events.received")
                .description("Room events received from the MQTT event stream").register(meters);
        // TLS and credentials as for the ingest worker, on the client itself: the client sends them again on
        // every automatic reconnect. Credentials given to the first CONNECT only were lost at the first
        // reconnect (a broker restart), and a broker that checks them then refused the node for good.
        this.client = MqttClients.builder(url, "vendhub-fanout-" + UUID.randomUUID(), username, password)
                .automaticReconnectWithDefaultConfig()
                .addConnectedListener(c -> {
                    log.info("event stream connected to {}:{}", url.host(), url.port());
                    if (started) {
                        subscribe();
                    }
                })
                .addDisconnectedListener(c -> {
                    subscribed = false;
                    log.warn("event stream disconnected: {}", c.getCause().toString());
                })
                .buildAsync();
        this.resubscribes = Counter.builder("vendhub.cluster.events.resubscribes")
                .description("SUBSCRIBEs of the event stream sent again after a refusal or failure").register(meters);
        // Run on the client's I/O thread, without a hop through its RxJava pool: the callback only decodes
        // and hands the event to the fan-out, which never blocks.
        client.publishes(MqttGlobalPublishFilter.SUBSCRIBED, this::onPublish, Runnable::run);
    }

    /** Connects and subscribes; returns once the subscription is in place. */
    public void start() throws Exception {
        client.connectWith().cleanStart(true).send().get(30, TimeUnit.SECONDS);
        Mqtt5SubAck ack = client.subscribeWith().topicFilter(wire.filter()).qos(MqttQos.AT_LEAST_ONCE).send()
                .get(30, TimeUnit.SECONDS);
        if (ack.getReasonCodes().stream().anyMatch(Mqtt5SubAckReasonCode::isError)) {
            throw new IllegalStateException("the broker refused the event stream subscription to " + wire.filter()
                    + ": " + ack.getReasonCodes());
        }
        subscribed = true;
        started = true;
        log.info("fan-out subscribed to {}", wire.filter());
    }

    /** Whether the subscription is in place now (false between a disconnect and the next granted SUBSCRIBE). */
    public boolean subscribed() {
        return subscribed;
    }

    /** Sends the SUBSCRIBE again after a reconnect; a refusal or failure is retried while connected. */
    private void subscribe() {
        if (closed) {
            return;
        }
        client.subscribeWith().topicFilter(wire.filter()).qos(MqttQos.AT_LEAST_ONCE).send()
                .whenComplete((ack, error) -> {
                    if (error == null && ack.getReasonCodes().stream().noneMatch(Mqtt5SubAckReasonCode::isError)) {
                        subscribed = true;
                        log.info("fan-out subscribed to {} again", wire.filter());
                    } else if (!closed && client.getState().isConnected()) {
                        resubscribes.increment();
                        log.warn("event stream subscription to {} not granted ({}); sending it again in {}",
                                wire.filter(), error != null ? error.toString() : ack.getReasonCodes(),
                                RESUBSCRIBE_DELAY);
                        CompletableFuture.runAsync(this::subscribe, CompletableFuture.delayedExecutor(
                                RESUBSCRIBE_DELAY.toMillis(), TimeUnit.MILLISECONDS));
                    }
                });
    }

    /**
     * Publishes {@code event} onto the stream (QoS 1), so that every node, this one included, serves
     * it once: how {@code POST /api/v1/events} on a fan-out node reaches the clients of all nodes.
     * Never blocks; a failed publish is logged (at most once per 10 s) and counted.
     */
    public void publish(RoomEvent event) {
        try {
            client.publishWith().topic(wire.topic(event)).qos(MqttQos.AT_LEAST_ONCE).payload(wire.encode(event))
                    .send().whenComplete((ack, error) -> {
                        if (error != null) {
                            publishFailed(event, error);
                        }
                    });
        } catch (RuntimeException e) {
            publishFailed(event, e);
        }
    }

    private void publishFailed(RoomEvent event, Throwable error) {
        Counter.builder("vendhub.cluster.events.publish.failed")
                .description("Backend events (REST) this node could not publish onto the event stream")
                .register(meters).increment();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            log.warn("event {} to {} not published on the event stream: {}", LogText.escape(event.event()), event.room(),
                    error.toString());
        }
    }

    private void onPublish(Mqtt5Publish publish) {
        try {
            RoomEvent event = wire.decode(publish.getTopic().toString(), publish.getPayloadAsBytes());
            Optional<BackendEventPolicy.Refusal> refusal = policy.checkRoom(event.organizationId(), event.room());
            if (refusal.isPresent()) {
                refused(publish, refusal.get().reason());
                return;
            }
            received.increment();
            sink.publish(event);
        } catch (RoomEventWire.InvalidRoomEventException e) {
            refused(publish, e.reason());
        } catch (RuntimeException e) {
            log.error("event stream message on {} failed", LogText.escape(publish.getTopic().toString()), e);
        }
    }

    private void refused(Mqtt5Publish publish, String reason) {
        Counter.builder("vendhub.cluster.events.rejected").description("Invalid messages on the event stream")
                .tag("reason", reason).register(meters).increment();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            log.warn("event stream message on {} refused: {}", LogText.escape(publish.getTopic().toString()), reason);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("event stream disconnect: {}", e.toString());
        }
    }
}
