package com.vendhub.realtime.sim.cli;

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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vendhub-sim run}: connects the machines of a credentials file and publishes their telemetry until stopped. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = SimVersion.class,
        description = "Connect the machines listed in a credentials file and publish their telemetry.",
        showDefaultValues = true,
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

    @Option(names = "--mqtt-host", defaultValue = "${env:VENDHUB_MQTT_HOST:-localhost}",
            description = "MQTT broker host (env VENDHUB_MQTT_HOST).")
    String mqttHost;

    @Option(names = "--mqtt-port", defaultValue = "${env:VENDHUB_MQTT_PORT:-1883}",
            description = "MQTT broker port (env VENDHUB_MQTT_PORT).")
    int mqttPort;

    @Option(names = "--topic-prefix", defaultValue = "${env:VENDHUB_MQTT_TOPIC_PREFIX:-vendhub}",
            description = "First topic level (env VENDHUB_MQTT_TOPIC_PREFIX).")
    String topicPrefix;

    @Option(names = "--credentials", defaultValue = "${env:VENDHUB_SIM_CREDENTIALS:-machines.csv}",
            description = "File of 'machineId,token' lines; blank lines and # comments are skipped (env VENDHUB_SIM_CREDENTIALS).")
    Path credentials;

    @Option(names = "--interval", defaultValue = "${env:VENDHUB_SIM_INTERVAL:-5s}", converter = DurationConverter.class,
            description = "Mean time between two readings of one machine, e.g. 5s, 500ms, 1m (env VENDHUB_SIM_INTERVAL).")
    Duration interval;

    @Option(names = "--jitter", defaultValue = "${env:VENDHUB_SIM_JITTER:-0.2}",
            description = "Each interval varies by up to this fraction, 0..1 (env VENDHUB_SIM_JITTER).")
    double jitter;

    @Option(names = "--seed", defaultValue = "${env:VENDHUB_SIM_SEED:-42}",
            description = "Seed of the machines' behaviour; same seed and file, same machines (env VENDHUB_SIM_SEED).")
    long seed;

    @Option(names = "--duration", defaultValue = "${env:VENDHUB_SIM_DURATION:-0}", converter = DurationConverter.class,
            description = "Stop after this long; 0 runs until interrupted (env VENDHUB_SIM_DURATION).")
    Duration duration;

    @Option(names = "--time-zone", defaultValue = "${env:VENDHUB_SIM_TIME_ZONE:-}",
            description = "Local time zone of the machines' daily sales rhythm; empty for the system's (env VENDHUB_SIM_TIME_ZONE).")
    String timeZone;

    @Option(names = "--connect-timeout", defaultValue = "${env:VENDHUB_SIM_CONNECT_TIMEOUT:-10s}",
            converter = DurationConverter.class,
            description = "Limit of the TCP connect and of the CONNACK wait (env VENDHUB_SIM_CONNECT_TIMEOUT).")
    Duration connectTimeout;

    @Option(names = "--keep-alive", defaultValue = "${env:VENDHUB_SIM_KEEP_ALIVE:-60s}", converter = DurationConverter.class,
            description = "MQTT keep-alive (env VENDHUB_SIM_KEEP_ALIVE).")
    Duration keepAlive;

    @Option(names = "--netty-threads", defaultValue = "${env:VENDHUB_SIM_NETTY_THREADS:-2}",
            description = "Network threads shared by all connections (env VENDHUB_SIM_NETTY_THREADS).")
    int nettyThreads;

    @Option(names = "--scheduler-threads", defaultValue = "${env:VENDHUB_SIM_SCHEDULER_THREADS:-2}",
            description = "Threads stepping the machines' models (env VENDHUB_SIM_SCHEDULER_THREADS).")
    int schedulerThreads;

    @Option(names = "--max-pending-connects", defaultValue = "${env:VENDHUB_SIM_MAX_PENDING_CONNECTS:-500}",
            description = "Connection attempts in flight at once while starting (env VENDHUB_SIM_MAX_PENDING_CONNECTS).")
    int maxPendingConnects;

    @Option(names = "--provision", defaultValue = "${env:VENDHUB_SIM_PROVISION:-0}",
            description = "Provision this many machines through the REST API first and write their credentials to "
                    + "--credentials (which must not exist yet); needs --api-url and --admin-token "
                    + "(env VENDHUB_SIM_PROVISION).")
    int provision;

    @Option(names = "--api-url", defaultValue = "${env:VENDHUB_API_URL:-http://localhost:8080}",
            description = "The platform's HTTP base URL, for --provision (env VENDHUB_API_URL).")
    String apiUrl;

    @Option(names = "--admin-token", defaultValue = "${env:VENDHUB_ADMIN_TOKEN}",
            description = "An admin JWT, for --provision (env VENDHUB_ADMIN_TOKEN).")
    String adminToken;

    @Option(names = "--org", defaultValue = "${env:VENDHUB_SIM_ORG}",
            description = "Organization of the provisioned machines, for a super_admin token (env VENDHUB_SIM_ORG).")
    java.util.UUID organizationId;

    @Option(names = "--drops-per-day", defaultValue = "${env:VENDHUB_SIM_DROPS_PER_DAY:-2}",
            description = "Mean abrupt link losses per machine and day; the broker fires the Last Will "
                    + "(env VENDHUB_SIM_DROPS_PER_DAY).")
    double dropsPerDay;

    @Option(names = "--mean-offline", defaultValue = "${env:VENDHUB_SIM_MEAN_OFFLINE:-5m}", converter = DurationConverter.class,
            description = "Mean length of an outage (env VENDHUB_SIM_MEAN_OFFLINE).")
    Duration meanOffline;

    @Option(names = "--offline-buffer", defaultValue = "${env:VENDHUB_SIM_OFFLINE_BUFFER:-1000}",
            description = "Readings a machine keeps while offline and publishes late; the oldest go first when full "
                    + "(env VENDHUB_SIM_OFFLINE_BUFFER).")
    int offlineBuffer;

    @Option(names = "--progress-every", defaultValue = "${env:VENDHUB_SIM_PROGRESS_EVERY:-10s}",
            converter = DurationConverter.class,
            description = "How often a progress line is printed (env VENDHUB_SIM_PROGRESS_EVERY).")
    Duration progressEvery;

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
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("--provision needs --admin-token");
        }
        if (java.nio.file.Files.exists(file)) {
            throw new IllegalArgumentException("--provision writes " + file + ", which exists already; "
                    + "run without --provision to use it, or name another file");
        }
        try {
            List<DeviceCredentials> created = new RestProvisioner(java.net.URI.create(apiUrl), adminToken.strip())
                    .provision(provision, "Simulated", organizationId, 41.311, 69.279);
            StringBuilder out = new StringBuilder("machineId,token\n");
            created.forEach(c -> out.append(c.machineId()).append(',').append(c.token()).append('\n'));
            java.nio.file.Files.writeString(file, out, java.nio.charset.StandardCharsets.UTF_8);
            log.info("Provisioned {} machines through {}; credentials in {}", created.size(), apiUrl, file);
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
        return SimulatorConfig.builder(mqttHost, mqttPort)
                .topicPrefix(topicPrefix)
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
