package com.vendhub.realtime.bench.soak;

import com.vendhub.realtime.bench.soak.EventObserver.AlertKey;
import com.vendhub.realtime.bench.soak.EventObserver.ErrorKey;
import com.vendhub.realtime.bench.soak.EventObserver.StatusKey;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import com.vendhub.realtime.sim.fleet.FleetSimulator;
import com.vendhub.realtime.sim.fleet.SimulatorConfig;
import com.vendhub.realtime.sim.offline.OfflineSettings;
import com.vendhub.realtime.sim.offline.OfflineStats;
import com.vendhub.realtime.sim.outbox.OutboxSettings;
import com.vendhub.realtime.sim.outbox.OutboxStats;
import com.vendhub.realtime.sim.provision.RestProvisioner;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One soak run, start to verdict: server up, fleet and clients connected, the load phase sampled
 * every {@link SoakSettings#sampleEvery()}, then the fleet drained (every reading acknowledged),
 * everything disconnected, the rows counted and the server stopped with SIGTERM.
 */
public final class SoakRun {

    /** Only the server's (and the fleet's) own logs say more; this is the progress line. */
    private final Consumer<String> out;
    private final SoakSettings settings;
    private final Path jar;
    private final CommandLoad commands;
    /** The last {@code /metrics} that answered (a loaded server may not, within the scrape's timeout). */
    private MetricsText lastGoodMetrics = MetricsText.EMPTY;
    private int metricsUnanswered;

    public SoakRun(SoakSettings settings, Path jar, Consumer<String> out) {
        this(settings, jar, out, CommandLoad.NONE);
    }

    SoakRun(SoakSettings settings, Path jar, Consumer<String> out, CommandLoad commands) {
        this.settings = settings;
        this.jar = jar;
        this.out = out;
        this.commands = commands;
    }

    /** Runs the soak; writes {@code soak-summary.md} and {@code samples.csv} to the run directory. */
    public Result run() throws Exception {
        if (settings.commandFraction() > 0 && commands == CommandLoad.NONE) {
            throw new IllegalArgumentException("--command-fraction needs a command load, which is not built yet");
        }
        Instant began = Instant.now();
        Path dir = settings.outDir().resolve("run-" + began.truncatedTo(ChronoUnit.SECONDS).toString().replace(':', '-'));
        Files.createDirectories(dir);
        String secret = randomSecret();
        UUID org = UUID.randomUUID();
        Duration tokenLife = settings.duration().plus(settings.drainTimeout()).plusHours(2);
        String adminToken = token(secret, "soak-admin", org, "admin", tokenLife);
        String viewerToken = token(secret, "soak-dashboard", org, "viewer", tokenLife);

        out.accept("soak: starting " + jar + " serve (data in " + dir.resolve("data") + ")");
        List<Invariant> invariants = new ArrayList<>();
        List<String> figures = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        List<String> setup = new ArrayList<>();
        try (SoakServer server = SoakServer.start(jar, settings.serverHeap(), secret, dir)) {
            ProcessProbe probe = new ProcessProbe(server.pid(), dir);
            int total = settings.machines() + settings.alertingMachines() + settings.badDevices();
            out.accept("soak: provisioning " + total + " machines through REST");
            List<DeviceCredentials> all = new RestProvisioner(URI.create("http://127.0.0.1:" + server.httpPort()),
                    adminToken).provision(total, "Soak", null, 41.311, 69.279);
            writeCredentials(dir.resolve("machines.csv"), all);
            List<DeviceCredentials> fleetCreds = all.subList(0, settings.machines());
            List<DeviceCredentials> alertCreds = all.subList(settings.machines(), settings.machines() + settings.alertingMachines());
            List<DeviceCredentials> badCreds = all.subList(settings.machines() + settings.alertingMachines(), total);
            List<UUID> fleetIds = fleetCreds.stream().map(DeviceCredentials::machineId).toList();

            EventObserver observer = new EventObserver();
            try (DashboardClients dashboards = new DashboardClients(server.httpPort(), 20261207L);
                 SlowReader slow = new SlowReader();
                 BadDevices bad = new BadDevices(fleetIds.get(0));
                 AlertingMachines alerting = new AlertingMachines()) {
                dashboards.add(adminToken, List.of("machines:all", "org:" + org), false, observer);
                for (int i = 0; i < settings.dashboards(); i++) {
                    // One in twenty watches the organization, one in twenty the fleet map, the rest one machine.
                    String room = switch (i % 20) {
                        case 0 -> "org:" + org;
                        case 1 -> "machines:all";
                        default -> "machine:" + fleetIds.get(i % fleetIds.size());
                    };
                    dashboards.add(viewerToken, List.of(room), true, null);
                }
                out.accept("soak: connecting " + dashboards.size() + " Socket.IO clients");
                dashboards.connectAll(200);

                FleetSimulator fleet = new FleetSimulator(fleetConfig(server.mqttPort()), fleetCreds, Clock.systemUTC(),
                        new OfflineSettings(settings.machineDropsPerDay(), settings.meanOffline(), 1_000),
                        // A stalled server must not make the bench itself run out of memory: 300 readings
                        // (5 minutes) per machine at most; resent after 60 s without an ack, 10 per round, so
                        // that a stall does not turn into a resend storm of thousands of messages a second.
                        new OutboxSettings(true, Duration.ofSeconds(60), 300, 10));
                try {
                    out.accept("soak: connecting " + fleetIds.size() + " simulated machines (ack outbox on)");
                    fleet.start();
                    alerting.connect(alertCreds, server.mqttPort());
                    alerting.start(Duration.ofSeconds(4));
                    bad.connect(badCreds, server.mqttPort());
                    Duration firstPoison = settings.poisonEvery().compareTo(Duration.ofSeconds(20)) < 0
                            ? settings.poisonEvery() : Duration.ofSeconds(20);
                    bad.start(settings.junkPerSecond(), settings.poisonEvery(), firstPoison);
                    List<String> busy = new ArrayList<>(List.of("machines:all", "org:" + org));
                    fleetIds.stream().limit(500).forEach(id -> busy.add("machine:" + id));
                    slow.start(server.httpPort(), viewerToken, busy);
                    dashboards.startDrops(settings.dashboardDropEvery());

                    MetricsText m0 = metrics(server);
                    lastGoodMetrics = m0;
                    double cpu0 = probe.cpuSeconds();
                    double pg0 = ProcessProbe.postgresCpuSeconds(server.postmasterPid());
                    Path csv = dir.resolve("samples.csv");
                    Files.writeString(csv, SoakReport.csvHeader() + "\n");
                    long start = System.nanoTime();
                    long period = settings.sampleEvery().toNanos();
                    long end = start + settings.duration().toNanos();
                    SplittableRandom commandPick = new SplittableRandom(15);
                    long nextCommands = start + TimeUnit.MINUTES.toNanos(1);
                    out.accept("soak: load phase of " + settings.duration() + ", a sample every " + settings.sampleEvery());
                    // Bounded by the clock, not by a count: a sample that takes long (a loaded host) delays the
                    // next one, never the end of the load phase.
                    long next = start + period;
                    while (true) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        if (settings.commandFraction() > 0 && System.nanoTime() >= nextCommands) {
                            nextCommands += TimeUnit.MINUTES.toNanos(1);
                            commands.send(fleetIds.stream().filter(id -> commandPick.nextDouble() < settings.commandFraction()).toList());
                        }
                        Sample s = sample(server, probe, fleet, dashboards, (System.nanoTime() - start) / 1_000_000_000L);
                        samples.add(s);
                        Files.writeString(csv, SoakReport.csv(s) + "\n", java.nio.file.StandardOpenOption.APPEND);
                        out.accept(progress(s));
                        if (!server.isAlive() || next >= end || System.nanoTime() >= end) {
                            break;
                        }
                        next = Math.min(end, Math.max(next + period, System.nanoTime()));
                    }
                    boolean aliveAtEnd = server.isAlive();
                    MetricsText m1 = goodMetrics(server);
                    double cpu1 = probe.cpuSeconds();
                    double pg1 = ProcessProbe.postgresCpuSeconds(server.postmasterPid());
                    double loadSeconds = (System.nanoTime() - start) / 1e9;

                    // Drain: no new readings; every reading kept must come back acknowledged.
                    bad.stop();
                    alerting.stop();
                    fleet.pauseReadings();
                    out.accept("soak: load over; draining the fleet's outboxes (at most " + settings.drainTimeout() + ")");
                    long drainDeadline = System.nanoTime() + settings.drainTimeout().toNanos();
                    OutboxStats ob = fleet.outboxStats();
                    while (ob.pending() > 0 && System.nanoTime() < drainDeadline && server.isAlive()) {
                        Thread.sleep(1_000);
                        ob = fleet.outboxStats();
                    }
                    double drainSeconds = (System.nanoTime() - (drainDeadline - settings.drainTimeout().toNanos())) / 1e9;
                    boolean slowCut = slow.closedByServer(Duration.ofSeconds(30));
                    MetricsText m2 = goodMetrics(server);
                    OfflineStats offline = fleet.offlineStats();

                    out.accept("soak: disconnecting the fleet, the bad devices and the alerting machines");
                    fleet.close();
                    bad.close();
                    alerting.close();
                    OutboxStats finalOutbox = fleet.outboxStats();

                    // --- the checks ---
                    try (StoreCheck db = new StoreCheck(server.jdbcUrl())) {
                        invariants.add(storedOnce(db, fleetIds, finalOutbox, ob, drainSeconds));
                        invariants.add(neverStalled(samples));
                        List<Invariant> events = eventsStored(db, observer, dir.resolve("missing-events.txt"));
                        invariants.addAll(events);
                        double slowDelta = m2.sum("vendhub_fanout_slow_clients_disconnected_total")
                                - m0.sum("vendhub_fanout_slow_clients_disconnected_total");
                        invariants.add(new Invariant("slow client cut by the server's bound", slowCut && slowDelta >= 1,
                                String.format(Locale.ROOT, "connection closed by the server: %s; "
                                        + "vendhub_fanout_slow_clients_disconnected_total +%.0f (outbound_limit %.0f, grace_expired %.0f)",
                                        slowCut ? "yes" : "no", slowDelta,
                                        m2.sum("vendhub_fanout_slow_clients_disconnected_total", "outbound_limit"),
                                        m2.sum("vendhub_fanout_slow_clients_disconnected_total", "grace_expired"))));
                        invariants.add(othersUnaffected(dashboards, samples));
                        invariants.add(recovered(dashboards));
                        for (Flatness f : Flatness.RULES) {
                            invariants.add(f.judge(samples, switch (f.name()) {
                                case "heap after full GC" -> Sample::heapAfterGc;
                                case "RSS" -> Sample::rss;
                                case "threads" -> Sample::threads;
                                default -> Sample::fds;
                            }));
                        }
                        invariants.add(new Invariant("server alive through the load", aliveAtEnd,
                                aliveAtEnd ? "yes" : "the server process ended during the load phase; see " + server.log()));

                        double committed = m1.sum("vendhub_ingest_readings_committed_total")
                                - m0.sum("vendhub_ingest_readings_committed_total");
                        double received = m1.sum("vendhub_ingest_messages_received_total")
                                - m0.sum("vendhub_ingest_messages_received_total");
                        figures.add(String.format(Locale.ROOT,
                                "CPU per reading (load phase, %.0f s): server JVM %.3f ms per reading stored (%.0f stored, "
                                        + "%.0f/s), %.3f ms per message in (%.0f in); embedded PostgreSQL %.3f ms per reading "
                                        + "stored; JVM %.0f %% of one core on average, PostgreSQL %.0f %%",
                                loadSeconds, 1000 * (cpu1 - cpu0) / Math.max(1, committed), committed, committed / loadSeconds,
                                1000 * (cpu1 - cpu0) / Math.max(1, received), received,
                                1000 * (pg1 - pg0) / Math.max(1, committed), 100 * (cpu1 - cpu0) / loadSeconds,
                                100 * (pg1 - pg0) / loadSeconds));
                        if (metricsUnanswered > 0) {
                            figures.add(metricsUnanswered + " scrapes of /metrics went unanswered within 5 s; the last "
                                    + "answered one stands in for them");
                        }
                        figures.add(String.format(Locale.ROOT,
                                "fleet: %d readings kept by the outboxes, %d acknowledged, %d resent, %d refused (outbox full), "
                                        + "%d link drops, drained in %.0f s",
                                finalOutbox.kept(), finalOutbox.acked(), finalOutbox.resent(), finalOutbox.refused(),
                                offline.linkDrops(), drainSeconds));
                        figures.add(String.format(Locale.ROOT,
                                "dashboards: %d link drops, %d reconnects, %d recovered, %d not recovered, %d offsets "
                                        + "delivered twice, %d closed by the server, %d failed connects, %d CONNECT errors, "
                                        + "%d events delivered",
                                dashboards.drops.get(), dashboards.reconnects.get(), dashboards.recovered.get(),
                                dashboards.notRecovered.get(), dashboards.duplicates.get(), dashboards.serverClosed.get(),
                                dashboards.connectFailures.get(), dashboards.connectErrors.get(), dashboards.delivered.get()));
                        figures.add(String.format(Locale.ROOT, "server recoveries (vendhub_fanout_recoveries_total): "
                                        + "recovered %.0f, unknown_session %.0f, other_principal %.0f, bad_offset %.0f, "
                                        + "offset_expired %.0f",
                                m2.sum("vendhub_fanout_recoveries_total", "\"recovered\""),
                                m2.sum("vendhub_fanout_recoveries_total", "unknown_session"),
                                m2.sum("vendhub_fanout_recoveries_total", "other_principal"),
                                m2.sum("vendhub_fanout_recoveries_total", "bad_offset"),
                                m2.sum("vendhub_fanout_recoveries_total", "offset_expired")));
                        figures.add("bad devices: junk sent " + bad.junkSent() + ", poison sent " + bad.poisonSent()
                                + ", " + bad.publishFailures() + " not sent; dead letters stored by reason " + db.deadLetters()
                                + String.format(Locale.ROOT, "; vendhub_ingest_rejected_total +%.0f",
                                m2.sum("vendhub_ingest_rejected_total") - m0.sum("vendhub_ingest_rejected_total")));
                        figures.add(String.format(Locale.ROOT, "alerting machines: %d readings sent; observer saw "
                                        + "%d status changes, %d alerts raised, %d cleared, %d machine errors (%d unreadable frames)",
                                alerting.sent(), observer.statuses.size(), observer.raised.size(), observer.cleared.size(),
                                observer.errors.size(), observer.unreadable.get()));
                    }
                } finally {
                    fleet.close();
                }
            }
            long heapIdle = probe.heapAfterFullGc();
            figures.add(String.format(Locale.ROOT, "after every client left: heap after full GC %.1f MiB, RSS %.0f MiB, "
                    + "%d threads, %d fds", heapIdle / Flatness.MIB, probe.rssBytes() / Flatness.MIB, probe.threads(),
                    probe.fileDescriptors()));
            setup.add(String.format(Locale.ROOT, "%s, %d simulated machines at one reading per %s (ack outbox on, %.0f link "
                            + "drops per machine and day, mean outage %s), %d alerting machines, %d bad devices (%.0f junk/s, "
                            + "poison every %s), %d Socket.IO dashboards (a link drop every %s on average, reconnecting with "
                            + "recovery) + 1 observer + 1 slow reader",
                    settings.duration(), settings.machines(), settings.readingInterval(), settings.machineDropsPerDay(),
                    settings.meanOffline(), settings.alertingMachines(), settings.badDevices(), settings.junkPerSecond(),
                    settings.poisonEvery(), settings.dashboards(), settings.dashboardDropEvery()));
            setup.add("server: " + jar + " serve " + settings.serverHeap() + " -XX:+UseG1GC, embedded PostgreSQL, fresh data "
                    + "directory, loopback; pid " + server.pid() + "; log " + server.log());
            setup.add(String.format(Locale.ROOT, "host: %d cores, load average %.1f at the end (shared with other builds); "
                            + "started %s", Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), began));
            setup.add("heap after full GC read by " + probe.heapMethod());
            probe.close();
            out.accept("soak: stopping the server (SIGTERM)");
            server.close();
            setup.add("server stop on SIGTERM: exit code " + server.exitCode().map(String::valueOf).orElse("none (killed)"));
        }
        SoakReport report = new SoakReport("Soak " + settings.duration().toString().substring(2).toLowerCase(Locale.ROOT),
                setup, invariants, figures, samples, settings.sampleEvery().toSeconds());
        String md = report.markdown();
        Files.writeString(dir.resolve("soak-summary.md"), md);
        Files.createDirectories(settings.outDir());
        Files.writeString(settings.outDir().resolve("soak-summary.md"), md);
        return new Result(report, dir);
    }

    /** The report and where its files are. */
    public record Result(SoakReport report, Path dir) {
        public boolean passed() {
            return report.passed();
        }
    }

    private SimulatorConfig fleetConfig(int mqttPort) {
        return SimulatorConfig.builder("127.0.0.1", mqttPort)
                .publishInterval(settings.readingInterval())
                .jitter(0.1)
                .seed(10L)
                .maxPendingConnects(200)
                .build();
    }

    private Sample sample(SoakServer server, ProcessProbe probe, FleetSimulator fleet, DashboardClients dashboards,
            long seconds) throws InterruptedException {
        long heap = probe.heapAfterFullGc();
        int unansweredBefore = metricsUnanswered;
        MetricsText m = goodMetrics(server);
        boolean answered = metricsUnanswered == unansweredBefore;
        int ready = server.get("/health/ready").map(r -> r.statusCode()).orElse(0);
        OutboxStats ob = fleet.outboxStats();
        return new Sample(seconds, heap, probe.rssBytes(), probe.threads(), probe.fileDescriptors(), probe.cpuSeconds(),
                ProcessProbe.postgresCpuSeconds(server.postmasterPid()),
                (long) m.sum("vendhub_ingest_messages_received_total"), (long) m.sum("vendhub_ingest_readings_committed_total"),
                ob.acked(), ob.pending(), dashboards.delivered.get(), dashboards.readyCount(), ready, answered);
    }

    private static MetricsText metrics(SoakServer server) throws InterruptedException {
        return server.get("/metrics").filter(r -> r.statusCode() == 200).map(r -> new MetricsText(r.body()))
                .orElse(MetricsText.EMPTY);
    }

    /** A scrape, or the last one that answered when this one does not (counters only grow). */
    private MetricsText goodMetrics(SoakServer server) throws InterruptedException {
        MetricsText m = metrics(server);
        if (m != MetricsText.EMPTY) {
            lastGoodMetrics = m;
            return m;
        }
        metricsUnanswered++;
        return lastGoodMetrics;
    }

    private static String progress(Sample s) {
        return String.format(Locale.ROOT, "soak: t=%4ds heap %.0f MiB rss %.0f MiB threads %d fds %d | in %d stored %d "
                        + "acked %d pending %d | delivered %d dashboards %d | ready %d",
                s.seconds(), s.heapAfterGc() / Flatness.MIB, s.rss() / Flatness.MIB, s.threads(), s.fds(), s.received(),
                s.committed(), s.acked(), s.outboxPending(), s.delivered(), s.dashboardsUp(), s.ready());
    }

    private static Invariant storedOnce(StoreCheck db, List<UUID> fleet, OutboxStats end, OutboxStats drained,
            double drainSeconds) throws SQLException {
        StoreCheck.TelemetryCount rows = db.telemetry(fleet);
        boolean ok = drained.pending() == 0 && end.refused() == 0 && rows.rows() == end.acked()
                && rows.distinct() == rows.rows() && end.acked() > 0;
        return new Invariant("every acked reading stored exactly once", ok, String.format(Locale.ROOT,
                "acked %d (kept %d, refused %d, still unacknowledged %d after %.0f s of drain); telemetry rows of the "
                        + "fleet: count(*) %d, count(DISTINCT (machine_id, ts)) %d",
                end.acked(), end.kept(), end.refused(), drained.pending(), drainSeconds, rows.rows(), rows.distinct()));
    }

    /** A window in which the fleet waited for acknowledgements but nothing was committed is a stall. */
    private static Invariant neverStalled(List<Sample> samples) {
        int stalled = 0;
        int unknown = 0;
        long longest = 0;
        long run = 0;
        for (int i = 1; i < samples.size(); i++) {
            Sample p = samples.get(i - 1);
            Sample x = samples.get(i);
            if (!x.metricsAnswered()) {
                unknown++; // the server did not answer /metrics: no figure, neither progress nor stall
                continue;
            }
            if (x.committed() == p.committed() && x.outboxPending() > 0) {
                stalled++;
                run += x.seconds() - p.seconds();
                longest = Math.max(longest, run);
            } else {
                run = 0;
            }
        }
        String unanswered = unknown == 0 ? "" : "; " + unknown + " intervals unknown (/metrics did not answer within 5 s)";
        return new Invariant("storage never stalled", stalled == 0 && samples.size() - unknown > 1,
                (stalled == 0 ? "every answered sample interval committed readings"
                        : stalled + " sample intervals committed nothing while readings waited (longest stall " + longest
                        + " s)") + unanswered + "; /health/ready answered " + readinessSeen(samples));
    }

    private static String readinessSeen(List<Sample> samples) {
        Set<Integer> codes = new java.util.TreeSet<>();
        samples.forEach(s -> codes.add(s.ready()));
        return codes.toString();
    }

    /** Every status change, alert and error the observer saw has its row; polls while the writers catch up. */
    private List<Invariant> eventsStored(StoreCheck db, EventObserver observer, Path missingFile)
            throws SQLException, InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Thread.sleep(3_000); // the fleet's goodbye statuses reach the observer
        Set<StatusKey> missingStatus;
        Set<AlertKey> missingRaised;
        Set<AlertKey> missingCleared;
        Set<ErrorKey> missingErrors;
        do {
            missingStatus = missing(observer.statuses, db.statusChanges());
            missingRaised = missing(observer.raised, db.alerts(false));
            missingCleared = missing(observer.cleared, db.alerts(true));
            missingErrors = missing(observer.errors, db.machineErrors());
            if (missingStatus.isEmpty() && missingRaised.isEmpty() && missingCleared.isEmpty() && missingErrors.isEmpty()) {
                break;
            }
            Thread.sleep(2_000);
        } while (System.nanoTime() < deadline);
        StringBuilder list = new StringBuilder();
        for (Set<?> m : List.of(missingStatus, missingRaised, missingCleared, missingErrors)) {
            m.stream().limit(1_000).forEach(k -> list.append(k).append('\n'));
        }
        Files.writeString(missingFile, list);
        int statuses = observer.statuses.size();
        int alerts = observer.raised.size() + observer.cleared.size();
        return List.of(
                new Invariant("bystander status changes all stored", statuses > 0 && missingStatus.isEmpty(),
                        statuses + " machine:status events seen live, " + missingStatus.size() + " without their "
                                + "machine_status_changes row" + example(missingStatus)),
                new Invariant("alert events all stored", alerts > 0 && missingRaised.isEmpty() && missingCleared.isEmpty(),
                        observer.raised.size() + " inventory:low and " + observer.cleared.size() + " inventory:restored seen, "
                                + missingRaised.size() + " raises and " + missingCleared.size()
                                + " clearings without their inventory_alerts row" + example(missingRaised)),
                new Invariant("machine:error events all stored", !observer.errors.isEmpty() && missingErrors.isEmpty(),
                        observer.errors.size() + " machine:error seen, " + missingErrors.size()
                                + " without their machine_errors row" + example(missingErrors)));
    }

    /** The keys seen live of which no stored form is in {@code stored}. */
    private static <T extends EventObserver.Key> Set<T> missing(Set<T> seen, Set<T> stored) {
        Set<T> m = new HashSet<>();
        for (T k : seen) {
            if (k.storedForms().stream().noneMatch(stored::contains)) {
                m.add(k);
            }
        }
        return m;
    }

    private static String example(Set<?> missing) {
        return missing.isEmpty() ? "" : " (e.g. " + missing.iterator().next() + ")";
    }

    private static Invariant othersUnaffected(DashboardClients d, List<Sample> samples) {
        int silent = 0;
        for (int i = 1; i < samples.size(); i++) {
            if (samples.get(i).delivered() == samples.get(i - 1).delivered()) {
                silent++;
            }
        }
        boolean ok = d.serverClosed.get() == 0 && silent == 0 && d.subscribeRefused.get() == 0
                && d.connectErrors.get() == 0;
        return new Invariant("other dashboards unaffected", ok, String.format(Locale.ROOT,
                "%d closed by the server, %d sample intervals without deliveries, %d subscribes refused, %d CONNECT errors",
                d.serverClosed.get(), silent, d.subscribeRefused.get(), d.connectErrors.get()));
    }

    private static Invariant recovered(DashboardClients d) {
        long back = d.recovered.get() + d.notRecovered.get();
        boolean ok = d.drops.get() > 0 && back > 0 && d.duplicates.get() == 0 && d.recovered.get() >= 0.95 * back;
        return new Invariant("reconnects recovered, exactly once", ok, String.format(Locale.ROOT,
                "%d link drops, %d reconnected: %d recovered (%.1f %%), %d not; %d offsets delivered twice",
                d.drops.get(), back, d.recovered.get(), back == 0 ? 0 : 100.0 * d.recovered.get() / back,
                d.notRecovered.get(), d.duplicates.get()));
    }

    private static String token(String secret, String user, UUID org, String role, Duration validFor) {
        Instant now = Instant.now();
        return Jwts.builder().subject(user).claim("role", role).claim("organizationId", org.toString())
                .issuedAt(Date.from(now)).expiration(Date.from(now.plus(validFor)))
                .signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256).compact();
    }

    private static String randomSecret() {
        byte[] b = new byte[48];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void writeCredentials(Path file, List<DeviceCredentials> devices) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("machineId,token\n");
            for (DeviceCredentials d : devices) {
                w.write(d.machineId() + "," + d.token() + "\n");
            }
        }
    }
}
