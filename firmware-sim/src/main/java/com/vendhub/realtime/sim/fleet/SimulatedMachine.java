package com.vendhub.realtime.sim.fleet;

import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.vendhub.realtime.schema.model.CommitAck;
import com.vendhub.realtime.schema.model.MachineStatus;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import com.vendhub.realtime.sim.model.MachineModel;
import com.vendhub.realtime.sim.offline.LinkCutter;
import com.vendhub.realtime.sim.offline.OfflineBuffer;
import com.vendhub.realtime.sim.offline.OfflineSchedule;
import com.vendhub.realtime.sim.outbox.AckOutbox;
import com.vendhub.realtime.sim.outbox.OutboxCounters;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated device on the wire: its MQTT connection, its retained status, and its reading loop.
 * The loop starts at the first successful connect and then keeps stepping the model on its own
 * jittered schedule, connected or not, as firmware would. Without an outbox, readings taken while
 * offline are dropped (and counted); with one ({@link AckOutbox}), every reading is kept until the
 * platform acknowledges it and is published again after the ack timeout or a reconnect.
 */
final class SimulatedMachine {

    private static final Logger log = LoggerFactory.getLogger(SimulatedMachine.class);

    private final UUID machineId;
    private final MachineModel model;
    private final FleetRuntime runtime;
    private final SplittableRandom jitterRandom;
    private final Mqtt3AsyncClient client;
    private final CompletableFuture<ConnectOutcome> firstAttempt = new CompletableFuture<>();
    private final AtomicBoolean readingsStarted = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Set by the connected listener, cleared by the disconnected one: tells a failed attempt from a lost connection. */
    private final AtomicBoolean wasConnected = new AtomicBoolean();
    private volatile boolean closing;
    private volatile ScheduledFuture<?> nextReading;
    /** When the current outage ends; null when the machine is not in one. */
    private volatile Instant offlineUntil;
    private final OfflineSchedule outages;
    private final OfflineBuffer backlog;
    /** Unacknowledged readings when the machine waits for commit acks; null when it fires and forgets. */
    private final AckOutbox outbox;
    private final OutboxCounters outboxCounters;
    private volatile ScheduledFuture<?> nextResend;
    private volatile boolean paused;
    private final long outboxTimeoutNanos;

    SimulatedMachine(DeviceCredentials device, MachineModel model, SplittableRandom jitterRandom,
                     DeviceClients clients, FleetRuntime runtime, OfflineSchedule outages, AckOutbox outbox,
                     OutboxCounters outboxCounters) {
        this.outages = outages;
        this.backlog = new OfflineBuffer(runtime.offline().bufferCapacity(), runtime.offlineCounters());
        this.outbox = outbox;
        this.outboxCounters = outboxCounters;
        this.outboxTimeoutNanos = outbox == null ? 0 : outbox.ackTimeout().toNanos();
        this.machineId = device.machineId();
        this.model = model;
        this.runtime = runtime;
        this.jitterRandom = jitterRandom;
        // The listeners only fire after connect(), by which time construction is long finished.
        this.client = clients.builderFor(device)
                .addConnectedListener(this::onConnected)
                .addDisconnectedListener(this::onDisconnected)
                .buildAsync();
    }

    UUID machineId() {
        return machineId;
    }

    boolean isConnected() {
        return client.getState().isConnected();
    }

    /** Starts connecting; the future completes with the outcome of the first attempt (automatic reconnects follow either way). */
    CompletableFuture<ConnectOutcome> connect() {
        try {
            client.connectWith()
                    .keepAlive((int) runtime.config().keepAlive().toSeconds())
                    .cleanSession(true)
                    .willPublish(lastWill())
                    .send()
                    .whenComplete((ack, error) -> {
                        if (error != null) {
                            log.debug("{}: connect failed: {}", machineId, error.toString());
                        }
                    });
        } catch (RuntimeException e) {
            // Only a client-state bug gets here (e.g. connect twice); report it as a failed attempt.
            runtime.counters().connectFailed();
            firstAttempt.complete(new ConnectOutcome(false, e));
        }
        return firstAttempt;
    }

    /** Stops the reading loop; the next {@link #disconnect()} is then the machine's last word. */
    void stopReadings() {
        pauseReadings();
        closing = true;
        ScheduledFuture<?> resendTask = nextResend;
        if (resendTask != null) {
            resendTask.cancel(false);
        }
    }

    /** Takes no more readings, but keeps sending what the outbox holds until it is acknowledged. */
    void pauseReadings() {
        paused = true;
        ScheduledFuture<?> pending = nextReading;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    /**
     * Says goodbye: a retained {@code offline} status (a clean DISCONNECT discards the Last Will, so the
     * machine must say it itself), then DISCONNECT. A machine that is not connected only stops reconnecting.
     */
    CompletableFuture<Void> disconnect() {
        stopReadings();
        try {
            if (isConnected()) {
                return client.publish(runtime.statuses().status(machineId, MachineStatus.OFFLINE, runtime.clock().instant()))
                        .handle((p, e) -> null)
                        .thenCompose(ignored -> client.disconnect());
            }
            return client.disconnect();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void onConnected(MqttClientConnectedContext context) {
        wasConnected.set(true);
        if (closing) {
            client.disconnect();
            return;
        }
        client.publish(runtime.statuses().status(machineId, MachineStatus.ONLINE, runtime.clock().instant()))
                .whenComplete((p, e) -> {
                    if (e != null) {
                        log.debug("{}: online status not delivered: {}", machineId, e.toString());
                    }
                });
        firstAttempt.complete(new ConnectOutcome(true, null));
        if (readingsStarted.compareAndSet(false, true)) {
            if (outbox != null) {
                // Subscribe to our own ack topic before the first reading, so no ack can go unheard.
                // HiveMQ resubscribes by itself after a reconnect without a session (resubscribeIfSessionExpired).
                client.subscribeWith()
                        .topicFilter(runtime.topics().ack(machineId))
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .callback(this::onAck)
                        .send()
                        .whenComplete((ack, e) -> {
                            scheduleReading(Duration.ZERO);
                            scheduleResend();
                        });
                return;
            }
            // The first reading goes out at once, so a dashboard sees the machine within a second or two.
            scheduleReading(Duration.ZERO);
        } else if (outbox != null) {
            // After a reconnect, everything still unacknowledged goes out again (docs/contract.md, "Delivery guarantees").
            resend(true);
        }
    }

    private void onAck(Mqtt3Publish publish) {
        try {
            CommitAck ack = runtime.json().mapper().readValue(publish.getPayloadAsBytes(), CommitAck.class);
            outbox.acknowledge(ack.timestamps());
        } catch (IOException | RuntimeException e) {
            outboxCounters.badAck();
            log.debug("{}: unreadable ack: {}", machineId, e.toString());
        }
    }

    private void scheduleResend() {
        try {
            long period = Math.max(1, runtime.config().publishInterval().toNanos());
            period = Math.min(period, outboxRetryTick());
            nextResend = runtime.scheduler().scheduleWithFixedDelay(() -> resend(false), period, period,
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The fleet is shutting down.
        }
    }

    /** Retries are checked a few times per ack timeout, so a lost reading goes out again soon after it. */
    private long outboxRetryTick() {
        return Math.max(TimeUnit.MILLISECONDS.toNanos(10), outboxTimeoutNanos / 4);
    }

    private void resend(boolean everything) {
        try {
            if (!isConnected()) {
                return;
            }
            for (AckOutbox.Entry e : outbox.dueForResend(System.nanoTime(), everything)) {
                // Flow control: at most maxInFlightPerMachine publishes without PUBACK, so a backlog
                // released after an outage does not flood the broker's session queues.
                if (!send(e)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.error("{}: resend failed", machineId, e);
        }
    }

    private boolean send(AckOutbox.Entry entry) {
        if (inFlight.incrementAndGet() > runtime.config().maxInFlightPerMachine()) {
            inFlight.decrementAndGet();
            return false; // stays due; the next retry round sends it
        }
        outbox.sent(entry, System.nanoTime());
        client.publishWith()
                .topic(runtime.topics().telemetry(machineId))
                .qos(runtime.qos())
                .payload(entry.payload())
                .send()
                .whenComplete((p, e) -> {
                    inFlight.decrementAndGet();
                    if (e == null) {
                        runtime.counters().published();
                    } else {
                        runtime.counters().publishFailed();
                    }
                });
        return true;
    }

    /** Readings still waiting for their acknowledgement (0 without an outbox). */
    int outboxSize() {
        return outbox == null ? 0 : outbox.size();
    }

    private void onDisconnected(MqttClientDisconnectedContext context) {
        boolean lostConnection = wasConnected.getAndSet(false);
        if (closing) {
            if (context.getSource() != MqttDisconnectSource.USER) {
                context.getReconnector().reconnect(false);
            }
            firstAttempt.complete(new ConnectOutcome(false, context.getCause()));
            return;
        }
        if (lostConnection) {
            log.debug("{}: connection lost ({}): {}", machineId, context.getSource(), String.valueOf(context.getCause()));
        } else {
            runtime.counters().connectFailed();
            log.debug("{}: connection attempt failed: {}", machineId, String.valueOf(context.getCause()));
            firstAttempt.complete(new ConnectOutcome(false, context.getCause()));
        }
        Instant until = offlineUntil;
        if (until != null) {
            long millis = Duration.between(runtime.clock().instant(), until).toMillis();
            if (millis > 0) {
                // An outage: the link stays down for its length, then the automatic reconnect brings it back.
                context.getReconnector().delay(millis, TimeUnit.MILLISECONDS);
            }
        }
        // The Last Will is fixed at CONNECT; give the next attempt a fresh timestamp.
        if (context instanceof Mqtt3ClientDisconnectedContext mqtt3) {
            mqtt3.getReconnector().connectWith().willPublish(lastWill()).applyConnect();
        }
    }

    private Mqtt3Publish lastWill() {
        return runtime.statuses().status(machineId, MachineStatus.OFFLINE, runtime.clock().instant());
    }

    private void takeReading() {
        if (closing || paused) {
            return;
        }
        try {
            Instant now = runtime.clock().instant();
            MachineTelemetry reading = model.next(now);
            Instant until = offlineUntil;
            if (until != null && now.isBefore(until)) {
                hold(reading);
            } else {
                offlineUntil = null;
                Optional<Duration> outage = outages.dropAt(now);
                if (outage.isPresent()) {
                    offlineUntil = now.plus(outage.get());
                    runtime.offlineCounters().dropped();
                    hold(reading);
                    LinkCutter.cut(client);
                } else if (!isConnected()) {
                    hold(reading);
                } else {
                    deliver(reading);
                    publishBacklog();
                }
            }
        } catch (RuntimeException e) {
            // A bug in one reading must not end the machine's loop silently (the scheduler would swallow it).
            runtime.counters().publishFailed();
            log.error("{}: reading failed", machineId, e);
        }
        scheduleReading(jitteredInterval());
    }

    /**
     * Keeps a reading taken while the link is down: in the ack outbox when the machine waits for
     * acks (it resends after the reconnect and until acknowledged), else in the bounded offline
     * backlog that is published late, fire and forget.
     */
    private void hold(MachineTelemetry reading) {
        if (outbox != null) {
            outbox.keep(reading.timestamp(), runtime.json().encode(reading));
        } else {
            backlog.add(reading);
        }
    }

    private void deliver(MachineTelemetry reading) {
        if (outbox != null) {
            // Kept until acknowledged, connected or not; sent now if connected, else after the reconnect.
            AckOutbox.Entry kept = outbox.keep(reading.timestamp(), runtime.json().encode(reading));
            if (kept != null && isConnected()) {
                send(kept);
            }
            return;
        }
        if (!isConnected()) {
            runtime.counters().publishFailed();
            return;
        }
        if (inFlight.incrementAndGet() > runtime.config().maxInFlightPerMachine()) {
            inFlight.decrementAndGet();
            runtime.counters().publishFailed();
            return;
        }
        sendReserved(reading, () -> { }, e -> {
            runtime.counters().publishFailed();
            log.debug("{}: reading of {} not delivered: {}", machineId, reading.timestamp(), e.toString());
        });
    }

    /**
     * Publishes a reading for which the caller has already taken an in-flight slot; frees the slot
     * when the broker answers, counts a delivery, and runs the caller's own follow-up.
     */
    private void sendReserved(MachineTelemetry reading, Runnable onDelivered, Consumer<Throwable> onFailed) {
        client.publishWith()
                .topic(runtime.topics().telemetry(machineId))
                .qos(runtime.qos())
                .payload(runtime.json().encode(reading))
                .send()
                .whenComplete((p, e) -> {
                    inFlight.decrementAndGet();
                    if (e == null) {
                        runtime.counters().published();
                        onDelivered.run();
                    } else {
                        onFailed.accept(e);
                    }
                });
    }

    /**
     * Publishes readings kept while offline, oldest first, after the current one (so they arrive late
     * and the platform stores them without pushing them live), as far as the in-flight bound allows;
     * the rest wait for the next reading.
     */
    private void publishBacklog() {
        int room = runtime.config().maxInFlightPerMachine() - inFlight.get();
        if (room <= 0 || backlog.size() == 0) {
            return;
        }
        for (MachineTelemetry old : backlog.take(room)) {
            inFlight.incrementAndGet();
            sendReserved(old, runtime.offlineCounters()::publishedLate, e -> backlog.putBack(List.of(old)));
        }
    }

    private void scheduleReading(Duration delay) {
        if (closing) {
            return;
        }
        try {
            nextReading = runtime.scheduler().schedule(this::takeReading, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The fleet is shutting down.
        }
    }

    /** The interval stretched or shrunk by up to the jitter fraction, uniformly. */
    private Duration jitteredInterval() {
        double factor = 1.0 + runtime.config().jitter() * (2.0 * jitterRandom.nextDouble() - 1.0);
        return Duration.ofNanos((long) (runtime.config().publishInterval().toNanos() * factor));
    }

    /** How a connection attempt ended: connected, or failed with a cause. */
    record ConnectOutcome(boolean connected, Throwable cause) {
    }
}
