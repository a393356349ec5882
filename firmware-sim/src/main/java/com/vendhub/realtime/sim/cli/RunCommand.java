package com.vendhub.realtime.sim.cli;

import com.vendhub.realtime.schema.config.AdminApiOptions;
import com.vendhub.realtime.schema.config.MqttUrl;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import com.vendhub.realtime.sim.fleet.FleetSimulator;
import com.vendhub.realtime.sim.fleet.SimulatorConfig;
import com.vendhub.realtime.sim.fleet.SimulatorStats;
import com.vendhub.realtime.sim.offline.OfflineSettings;
import com.vendhub.realtime.sim.offline.OfflineStats;
import com.vendhub.realtime.sim.provision.RestProvisioner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vendhub-sim run}: connects the machines of a credentials file and publishes their telemetry until stopped. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = SimVersion.class,
        description = "Connect the machines listed in a credentials file and publish their telemetry.",
        usageHelpAutoWidth = true)
public final class RunCommand implements Callable<Integer> {

    /** Exit code when the run published nothing at all: most likely the broker is unreachable or refuses us. */
    static final int EXIT_NOTHING_PUBLISHED = 1;
    /** Exit code for unusable input, as picocli uses for bad options. */
    static final int EXIT_USAGE = 2;
    /** Beyond the fleet's own shutdown timeout, how long Ctrl-C waits for the summary before the JVM goes. */
    private static final Duration SHUTDOWN_HOOK_GRACE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Spec
    private CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Mixin
    AdminApiOptions api;

    @Option(names = "--credentials",
            description = "File of 'machineId,token' lines; blank lines and # comments are skipped.")
    Path credentials = Path.of("machines.csv");

    @Option(names = "--interval", description = "Mean time between two readings of one machine.")
    Duration interval = SimulatorConfig.DEFAULT_PUBLISH_INTERVAL;

    @Option(names = "--jitter", description = "Each interval varies by up to this fraction, 0..1.")
    double jitter = SimulatorConfig.DEFAULT_JITTER;

    @Option(names = "--seed", description = "Seed of the machines' behaviour; same seed and file, same machines.")
    long seed = SimulatorConfig.DEFAULT_SEED;

    @Option(names = "--duration", description = "Stop after this long; PT0S runs until interrupted.")
    Duration duration = Duration.ZERO;

    @Option(names = "--time-zone", description = "Local time zone of the machines' daily sales rhythm; "
            + "the system's when not given.")
    String timeZone;

    @Option(names = "--connect-timeout", description = "Limit of the TCP connect and of the CONNACK wait.")
    Duration connectTimeout = SimulatorConfig.DEFAULT_CONNECT_TIMEOUT;

    @Option(names = "--keep-alive", description = "MQTT keep-alive.")
    Duration keepAlive = SimulatorConfig.DEFAULT_KEEP_ALIVE;

    @Option(names = "--netty-threads", description = "Network threads shared by all connections.")
    int nettyThreads = SimulatorConfig.DEFAULT_NETTY_THREADS;

    @Option(names = "--scheduler-threads", description = "Threads stepping the machines' models.")
    int schedulerThreads = SimulatorConfig.DEFAULT_SCHEDULER_THREADS;

    @Option(names = "--max-pending-connects", description = "Connection attempts in flight at once while starting.")
    int maxPendingConnects = SimulatorConfig.DEFAULT_MAX_PENDING_CONNECTS;

    @Option(names = "--provision",
            description = "Provision this many machines through the REST API first and write their credentials to "
                    + "--credentials (which must not exist yet); needs --api-url and --admin-token.")
    int provision;

    @Option(names = "--org", description = "Organization of the provisioned machines, for a super_admin token.")
    java.util.UUID organizationId;

    @Option(names = "--drops-per-day",
            description = "Mean abrupt link losses per machine and day; the broker fires the Last Will.")
    double dropsPerDay = 2;

    @Option(names = "--mean-offline", description = "Mean length of an outage.")
    Duration meanOffline = OfflineSettings.none().meanOffline();

    @Option(names = "--offline-buffer",
            description = "Readings a machine keeps while offline and publishes late; the oldest go first when full.")
    int offlineBuffer = OfflineSettings.DEFAULT_BUFFER_CAPACITY;

    @Option(names = "--progress-every", description = "How often a progress line is printed.")
    Duration progressEvery = ProgressReporter.DEFAULT_PERIOD;

    @Override
    public Integer call() throws InterruptedException {
        SimulatorConfig config;
        OfflineSettings offline;
        List<DeviceCredentials> devices;
        ZoneId zone;
        try {
            config = config();
            offline = new OfflineSettings(dropsPerDay, meanOffline, offlineBuffer);
            zone = timeZone == null || timeZone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(timeZone.strip());
            requirePositive("--progress-every", progressEvery);
            if (duration.isNegative()) {
                throw new IllegalArgumentException("--duration must not be negative");
            }
            if (provision > 0) {
                provisionInto(credentials);
            }
            devices = CredentialsFile.read(credentials);
            if (devices.isEmpty()) {
                throw new CredentialsFileException("credentials file " + credentials + " lists no machines");
            }
        } catch (CredentialsFileException | IllegalArgumentException | java.time.DateTimeException e) {
            spec.commandLine().getErr().println("vendhub-sim run: " + e.getMessage());
            return EXIT_USAGE;
        }
        return run(config, offline, devices, Clock.system(zone));
    }

    private int run(SimulatorConfig config, OfflineSettings offline, List<DeviceCredentials> devices, Clock clock)
            throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                // Let the main thread publish the offline statuses and print the summary before the JVM ends.
                finished.await(config.shutdownTimeout().plus(SHUTDOWN_HOOK_GRACE).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vendhub-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long startNanos = System.nanoTime();
        ProgressReporter progress = new ProgressReporter(devices.size(), startNanos);
        FleetSimulator fleet = new FleetSimulator(config, devices, clock, offline);
        int connectedAtEnd = 0;
        SimulatorStats end;
        try {
            fleet.start();
            awaitEnd(fleet, stop, progress, startNanos);
            connectedAtEnd = fleet.stats().connected();
        } finally {
            fleet.close();
            end = fleet.stats();
            // Before releasing the shutdown hook: after Ctrl-C the JVM ends as soon as the hook returns.
            OfflineStats o = fleet.offlineStats();
            log.info(progress.summary(end, Duration.ofNanos(System.nanoTime() - startNanos), connectedAtEnd)
                    + "; " + o.linkDrops() + " link drops, " + o.buffered() + " readings buffered, "
                    + o.publishedLate() + " published late, " + o.overflowed() + " lost to full buffers");
            finished.countDown();
            removeHook(hook);
        }
        if (end.published() == 0) {
            log.warn("No reading was published: is the broker at {}:{} reachable, and are the tokens right?",
                    config.mqttHost(), config.mqttPort());
            return EXIT_NOTHING_PUBLISHED;
        }
        return 0;
    }

    /** Prints progress until the duration is over or the process is asked to stop. */
    private void awaitEnd(FleetSimulator fleet, CountDownLatch stop, ProgressReporter progress, long startNanos)
            throws InterruptedException {
        long deadline = duration.isZero() ? Long.MAX_VALUE : startNanos + duration.toNanos();
        long period = progressEvery.toNanos();
        while (true) {
            long untilDeadline = deadline - System.nanoTime();
            if (untilDeadline <= 0) {
                return;
            }
            long wait = Math.min(untilDeadline, period);
            if (stop.await(wait, TimeUnit.NANOSECONDS)) {
                log.info("Interrupted; disconnecting the fleet");
                return;
            }
            if (wait == period) {
                OfflineStats o = fleet.offlineStats();
                log.info(progress.progress(fleet.stats(), System.nanoTime()) + ", " + o.linkDrops() + " link drops, "
                        + o.publishedLate() + " published late, " + o.overflowed() + " lost to full buffers");
            }
        }
    }

    /** Provisions {@code --provision} machines over REST and writes their credentials file. */
    private void provisionInto(Path file) {
        if (api.adminToken() == null) {
            throw new IllegalArgumentException("--provision needs --admin-token");
        }
        if (java.nio.file.Files.exists(file)) {
            throw new IllegalArgumentException("--provision writes " + file + ", which exists already; "
                    + "run without --provision to use it, or name another file");
        }
        try {
            List<DeviceCredentials> created = new RestProvisioner(java.net.URI.create(api.base()), api.adminToken())
                    .provision(provision, "Simulated", organizationId, 41.311, 69.279);
            StringBuilder out = new StringBuilder("machineId,token\n");
            created.forEach(c -> out.append(c.machineId()).append(',').append(c.token()).append('\n'));
            java.nio.file.Files.writeString(file, out, java.nio.charset.StandardCharsets.UTF_8);
            log.info("Provisioned {} machines through {}; credentials in {}", created.size(), api.base(), file);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("provisioning failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while provisioning", e);
        }
    }

    private SimulatorConfig config() {
        requirePositive("--interval", interval);
        requirePositive("--connect-timeout", connectTimeout);
        requirePositive("--keep-alive", keepAlive);
        MqttUrl url = broker.url();
        return SimulatorConfig.builder(url.host(), url.port())
                .tls(url.tls())
                .topicPrefix(broker.topicPrefix())
                .publishInterval(interval)
                .jitter(jitter)
                .seed(seed)
                .connectTimeout(connectTimeout)
                .keepAlive(keepAlive)
                .nettyThreads(nettyThreads)
                .schedulerThreads(schedulerThreads)
                .maxPendingConnects(maxPendingConnects)
                .build();
    }

    private static void requirePositive(String option, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(option + " must be positive, got " + value);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C); the hook is running and ends on its own.
        }
    }
}
