package com.vendhub.realtime.sim.fleet;

import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.vendhub.realtime.schema.model.MachineStatus;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import com.vendhub.realtime.sim.model.MachineModel;
import com.vendhub.realtime.sim.offline.LinkCutter;
import com.vendhub.realtime.sim.offline.OfflineBuffer;
import com.vendhub.realtime.sim.offline.OfflineSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated device on the wire: its MQTT connection, its retained status, and its reading loop.
 * The loop starts at the first successful connect and then keeps stepping the model on its own
 * jittered schedule, connected or not, as firmware would; readings taken while offline are dropped
 * (and counted) here, which is where an outbox will keep them instead.
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

    SimulatedMachine(DeviceCredentials device, MachineModel model, SplittableRandom jitterRandom,
                     DeviceClients clients, FleetRuntime runtime, OfflineSchedule outages) {
        this.outages = outages;
        this.backlog = new OfflineBuffer(runtime.offline().bufferCapacity(), runtime.offlineCounters());
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
        closing = true;
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
            // The first reading goes out at once, so a dashboard sees the machine within a second or two.
            scheduleReading(Duration.ZERO);
        }
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
        if (closing) {
            return;
        }
        try {
            Instant now = runtime.clock().instant();
            MachineTelemetry reading = model.next(now);
            Instant until = offlineUntil;
            if (until != null && now.isBefore(until)) {
                backlog.add(reading);
            } else {
                offlineUntil = null;
                Optional<Duration> outage = outages.dropAt(now);
                if (outage.isPresent()) {
                    offlineUntil = now.plus(outage.get());
                    runtime.offlineCounters().dropped();
                    backlog.add(reading);
                    LinkCutter.cut(client);
                } else if (!isConnected()) {
                    backlog.add(reading);
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

    private void deliver(MachineTelemetry reading) {
        if (!isConnected()) {
            runtime.counters().publishFailed();
            return;
        }
        if (inFlight.incrementAndGet() > runtime.config().maxInFlightPerMachine()) {
            inFlight.decrementAndGet();
            runtime.counters().publishFailed();
            return;
        }
        client.publishWith()
                .topic(runtime.topics().telemetry(machineId))
                .qos(runtime.qos())
                .payload(runtime.json().encode(reading))
                .send()
                .whenComplete((p, e) -> {
                    inFlight.decrementAndGet();
                    if (e == null) {
                        runtime.counters().published();
                    } else {
                        runtime.counters().publishFailed();
                        log.debug("{}: reading of {} not delivered: {}", machineId, reading.timestamp(), e.toString());
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
            client.publishWith()
                    .topic(runtime.topics().telemetry(machineId))
                    .qos(runtime.qos())
                    .payload(runtime.json().encode(old))
                    .send()
                    .whenComplete((p, e) -> {
                        inFlight.decrementAndGet();
                        if (e == null) {
                            runtime.counters().published();
                            runtime.offlineCounters().publishedLate();
                        } else {
                            backlog.putBack(java.util.List.of(old));
                        }
                    });
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
