package com.vendhub.realtime.sim.fleet;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.sim.model.MachineModel;
import com.vendhub.realtime.sim.model.Seeds;
import com.vendhub.realtime.sim.offline.OfflineCounters;
import com.vendhub.realtime.sim.offline.OfflineSchedule;
import com.vendhub.realtime.sim.offline.OfflineSettings;
import com.vendhub.realtime.sim.offline.OfflineStats;
import com.vendhub.realtime.sim.outbox.AckOutbox;
import com.vendhub.realtime.sim.outbox.OutboxCounters;
import com.vendhub.realtime.sim.outbox.OutboxSettings;
import com.vendhub.realtime.sim.outbox.OutboxStats;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet of simulated machines publishing over MQTT: one connection per machine, all sharing a
 * bounded set of Netty threads and one scheduler, so ten thousand machines fit in one process.
 * Machine {@code i} of the list behaves the same on every run with the same seed.
 */
public final class FleetSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetSimulator.class);
    /** How many failed machines {@link #start()} names in its log line; the rest are only counted. */
    private static final int FAILURES_NAMED_IN_LOG = 5;
    /** Grace for the scheduler to finish a reading in progress when closing. */
    private static final Duration SCHEDULER_DRAIN = Duration.ofSeconds(2);
    /** Salt of each machine's outage stream, apart from its physics and jitter streams. */
    private static final long OFFLINE_SALT = 0x5EED_0103L;

    private final SimulatorConfig config;
    private final List<SimulatedMachine> machines;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService nettyExecutor;
    private final FleetCounters counters = new FleetCounters();
    private final OfflineCounters offlineCounters = new OfflineCounters();
    private final OutboxCounters outboxCounters = new OutboxCounters();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A fleet on the system clock in the system time zone (the sales rhythm follows local time). */
    public FleetSimulator(SimulatorConfig config, List<DeviceCredentials> devices) {
        this(config, devices, Clock.systemDefaultZone());
    }

    /**
     * @param config  connection and publishing settings
     * @param devices one entry per machine; its position is the machine's index for the seed
     * @param clock   the time the models see; its zone is the machines' local time zone
     */
    public FleetSimulator(SimulatorConfig config, List<DeviceCredentials> devices, Clock clock) {
        this(config, devices, clock, OfflineSettings.none(), OutboxSettings.disabled());
    }

    /**
     * A fleet whose machines also lose their link now and then ({@code offline}), buffer their
     * readings meanwhile and publish them late when they are back.
     */
    public FleetSimulator(SimulatorConfig config, List<DeviceCredentials> devices, Clock clock,
                          OfflineSettings offline) {
        this(config, devices, clock, offline, OutboxSettings.disabled());
    }

    /**
     * As above; with {@code outbox} enabled every machine keeps each reading until the platform
     * acknowledges it on the machine's {@code ack} topic, and publishes it again otherwise.
     */
    public FleetSimulator(SimulatorConfig config, List<DeviceCredentials> devices, Clock clock, OutboxSettings outbox) {
        this(config, devices, clock, OfflineSettings.none(), outbox);
    }

    /** The full form: link losses ({@code offline}) and the ack outbox ({@code outbox}) together. */
    public FleetSimulator(SimulatorConfig config, List<DeviceCredentials> devices, Clock clock,
                          OfflineSettings offline, OutboxSettings outbox) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        requireDistinct(devices);
        this.scheduler = new ScheduledThreadPoolExecutor(config.schedulerThreads(), new NamedThreads("vendhub-sim-scheduler"));
        // Cancelled readings would otherwise sit in the queue until their time comes, and
        // readings still queued at shutdown must not run: close() has already said goodbye.
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // One long-lived task per event loop: the pool holds exactly nettyThreads threads.
        this.nettyExecutor = Executors.newCachedThreadPool(new NamedThreads("vendhub-sim-netty"));
        MqttQos qos = MqttQos.fromCode(config.qos());
        TopicScheme topics = new TopicScheme(config.topicPrefix());
        WireJson json = new WireJson();
        FleetRuntime runtime = new FleetRuntime(config, clock, scheduler, topics, json, qos,
                new StatusMessages(topics, json, qos), counters, Objects.requireNonNull(offline, "offline"),
                offlineCounters);
        DeviceClients clients = new DeviceClients(config, nettyExecutor);
        List<SimulatedMachine> built = new ArrayList<>(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            DeviceCredentials device = devices.get(i);
            MachineModel model = new MachineModel(device.machineId(), config.seed(), i, clock.getZone(), config.model());
            SplittableRandom jitter = new SplittableRandom(Seeds.forMachine(config.seed(), i, Seeds.JITTER));
            SplittableRandom outages = new SplittableRandom(Seeds.forMachine(config.seed(), i, OFFLINE_SALT));
            AckOutbox machineOutbox = outbox.enabled() ? new AckOutbox(outbox, outboxCounters) : null;
            built.add(new SimulatedMachine(device, model, jitter, clients, runtime,
                    new OfflineSchedule(offline, outages), machineOutbox, outboxCounters));
        }
        this.machines = List.copyOf(built);
    }

    /**
     * Connects every machine, at most {@link SimulatorConfig#maxPendingConnects()} at a time, and
     * returns once each first attempt has ended or the connect timeout has passed since the last one
     * began. A machine that fails is logged and counted, and keeps retrying in the background.
     */
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("the simulator is closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the simulator is already started");
        }
        log.info("Connecting {} machines to {}:{} (interval {}, jitter {}, seed {})", machines.size(),
                config.mqttHost(), config.mqttPort(), config.publishInterval(), config.jitter(), config.seed());
        Semaphore pending = new Semaphore(config.maxPendingConnects());
        // An attempt ends within the TCP timeout plus the CONNACK timeout; never wait longer than that for a permit.
        long permitWaitMillis = 2 * config.connectTimeout().toMillis();
        List<CompletableFuture<SimulatedMachine.ConnectOutcome>> attempts = new ArrayList<>(machines.size());
        try {
            for (SimulatedMachine machine : machines) {
                if (closed.get()) {
                    return;
                }
                boolean permit = pending.tryAcquire(permitWaitMillis, TimeUnit.MILLISECONDS);
                CompletableFuture<SimulatedMachine.ConnectOutcome> attempt = machine.connect();
                if (permit) {
                    attempt.whenComplete((outcome, error) -> pending.release());
                }
                attempts.add(attempt);
            }
            awaitAll(attempts, permitWaitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while connecting the fleet");
        }
        reportStart(attempts);
    }

    /** A snapshot of the counters; cheap enough to poll every few seconds even for a large fleet. */
    public SimulatorStats stats() {
        int connected = 0;
        for (SimulatedMachine machine : machines) {
            if (machine.isConnected()) {
                connected++;
            }
        }
        return counters.snapshot(connected);
    }

    /** Link losses, buffered and late-published readings so far. */
    public OfflineStats offlineStats() {
        return offlineCounters.snapshot();
    }

    /** A snapshot of the machines' outboxes (all zero when the fleet does not wait for acks). */
    public OutboxStats outboxStats() {
        long pending = 0;
        for (SimulatedMachine machine : machines) {
            pending += machine.outboxSize();
        }
        return outboxCounters.snapshot(pending);
    }

    /**
     * Stops taking readings but stays connected, so that outboxes keep sending what is not yet
     * acknowledged until they are empty (tests and benchmarks drain the fleet this way).
     */
    public void pauseReadings() {
        machines.forEach(SimulatedMachine::pauseReadings);
    }

    /** The simulated machines' ids, in index order. */
    public List<UUID> machineIds() {
        return machines.stream().map(SimulatedMachine::machineId).toList();
    }

    /**
     * Stops every reading loop, publishes each connected machine's retained {@code offline} status,
     * disconnects, and releases the threads; waits at most {@link SimulatorConfig#shutdownTimeout()}.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        machines.forEach(SimulatedMachine::stopReadings);
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(SCHEDULER_DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
                scheduler.shutdownNow();
            }
            List<CompletableFuture<Void>> goodbyes = new ArrayList<>(machines.size());
            for (SimulatedMachine machine : machines) {
                goodbyes.add(machine.disconnect().exceptionally(e -> null));
            }
            CompletableFuture.allOf(goodbyes.toArray(CompletableFuture[]::new))
                    .get(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            log.warn("Not every machine disconnected within {}", config.shutdownTimeout());
        } catch (ExecutionException e) {
            log.warn("Disconnecting the fleet failed", e.getCause());
        } finally {
            scheduler.shutdownNow();
            // HiveMQ shuts its event loops down when the last client lets go; this only stops new threads.
            nettyExecutor.shutdown();
        }
        SimulatorStats s = stats();
        log.info("Fleet closed: {} readings published, {} not delivered, {} failed connection attempts",
                s.published(), s.publishFailures(), s.connectFailures());
    }

    private static void awaitAll(List<CompletableFuture<SimulatedMachine.ConnectOutcome>> attempts, long timeoutMillis)
            throws InterruptedException {
        try {
            CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Reported below, machine by machine.
        } catch (ExecutionException e) {
            // Attempts complete normally with an outcome; nothing to report here.
        }
    }

    private void reportStart(List<CompletableFuture<SimulatedMachine.ConnectOutcome>> attempts) {
        int connected = 0;
        int stillPending = 0;
        List<String> named = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < attempts.size(); i++) {
            CompletableFuture<SimulatedMachine.ConnectOutcome> attempt = attempts.get(i);
            SimulatedMachine.ConnectOutcome outcome = attempt.getNow(null);
            if (outcome == null) {
                stillPending++;
            } else if (outcome.connected()) {
                connected++;
            } else {
                failed++;
                if (named.size() < FAILURES_NAMED_IN_LOG) {
                    named.add(machines.get(i).machineId() + ": " + describe(outcome.cause()));
                }
            }
        }
        if (failed == 0 && stillPending == 0) {
            log.info("All {} machines connected", connected);
        } else {
            log.warn("{} of {} machines connected; {} failed their first attempt, {} still pending; all keep retrying.{}",
                    connected, attempts.size(), failed, stillPending,
                    named.isEmpty() ? "" : " First failures: " + String.join("; ", named));
        }
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown cause";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private static void requireDistinct(List<DeviceCredentials> devices) {
        Objects.requireNonNull(devices, "devices");
        Set<UUID> seen = new HashSet<>();
        for (DeviceCredentials d : devices) {
            if (!seen.add(Objects.requireNonNull(d, "device").machineId())) {
                // Two connections with one client id would take each other over in an endless loop.
                throw new IllegalArgumentException("machine " + d.machineId() + " is listed twice");
            }
        }
    }
}
