package com.vendhub.realtime.bench.ingest;

import com.vendhub.realtime.broker.app.IngestTuning;
import com.vendhub.realtime.ingest.pipeline.TelemetryIngestor;
import com.vendhub.realtime.broker.app.JwtSettings;
import com.vendhub.realtime.broker.app.MqttListenerSettings;
import com.vendhub.realtime.broker.db.DatabaseSettings;
import com.vendhub.realtime.broker.db.EmbeddedDatabase;
import com.vendhub.realtime.broker.db.EmbeddedDurability;
import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.ingest.store.BatchSettings;
import com.vendhub.realtime.broker.app.ServeSettings;
import com.vendhub.realtime.broker.app.VendhubServer;
import com.vendhub.realtime.ingest.store.SpooledReadingQueue;
import com.vendhub.realtime.ingest.store.TelemetryBatchWriter;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.schema.migration.DatabaseMigrations;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The ingest benchmark (docs/performance.md). In one run, on one embedded PostgreSQL, durable as
 * {@code vendhub serve} runs it unless {@code --embedded-db-durability fast}:
 * (1) the ceiling, PostgreSQL's COPY rate for the same rows; (2) the whole path, 1,000 machines over
 * MQTT into {@code vendhub serve}, stepping the offered rate up while the backlog does not grow (stored
 * rate keeps up, lag p99 under 500 ms); (3) the peer, Mosquitto + a Node.js ingest, stepped the same
 * way. Prints messages/s stored, ratios to the ceiling and to the peer, and lag p50/p99.
 * Usage: {@code bench/run-ingest.sh [--rates 4000,8000,...] [--step-seconds 10] [--warmup-seconds 20] [--batch-linger PT0.05S] [--no-peer] [--embedded-db-durability full|fast]}.
 */
public final class IngestBenchmark {

    private static final long LAG_BOUND_MS = 500;
    private static final int MACHINES = 1_000;

    /** One step's result. */
    record Step(int offered, double stored, long p50, long p99, boolean sustained, double loadgenCpu) {
    }

    public static void main(String[] args) throws Exception {
        int[] rates = {4_000, 8_000, 12_000, 16_000, 20_000, 24_000, 28_000};
        int stepSeconds = 10;
        int warmupSeconds = 20;
        Duration linger = BatchSettings.defaults().maxLinger();
        boolean peer = true;
        Path peerDir = Path.of("bench", "peer");
        EmbeddedDurability durability = EmbeddedDurability.FULL;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rates" -> rates = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--step-seconds" -> stepSeconds = Integer.parseInt(args[++i]);
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(args[++i]);
                case "--batch-linger" -> linger = Duration.parse(args[++i]);
                case "--no-peer" -> peer = false;
                case "--peer-dir" -> peerDir = Path.of(args[++i]);
                case "--embedded-db-durability" -> durability = EmbeddedDurability.parse(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf("machine: %d cores, %d MiB max heap, Java %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        Path work = Files.createTempDirectory("vendhub-bench-");
        // The product's embedded database with the product's settings, durable (docs/architecture.md, "The database
        // really commits"); figures measured on the library's test default (fsync and synchronous_commit off) are
        // marked as such in docs/performance.md.
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(work.resolve("postgres"), 0, durability)) {
            String url = pg.jdbcUrl() + "?user=postgres";
            PGSimpleDataSource source = new PGSimpleDataSource();
            source.setUrl(url);
            DataSource db = source;
            DatabaseMigrations.migrate(db);
            System.out.printf("database: embedded PostgreSQL, durability %s (fsync, synchronous_commit and "
                    + "full_page_writes %s)%n", durability.wire(), durability == EmbeddedDurability.FULL ? "on" : "off");

            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < MACHINES; i++) {
                ids.add(UUID.randomUUID());
            }
            double[] ceilings = new double[3];
            for (int i = 0; i < 3; i++) {
                ceilings[i] = CopyCeiling.measure(db, ids, 100_000, 1_000);
                CopyCeiling.truncate(db);
            }
            Arrays.sort(ceilings);
            double ceiling = ceilings[1];
            System.out.printf("ceiling: COPY of 1 telemetry + 6 bunker rows per message: %.0f messages/s (median of 3)%n",
                    ceiling);

            double[] writer = new double[3];
            for (int i = 0; i < 3; i++) {
                writer[i] = WriterAlone.measure(db, ids, 100_000);
                CopyCeiling.truncate(db);
            }
            Arrays.sort(writer);
            System.out.printf("batch writer alone (validated readings, no MQTT): %.0f readings/s (median of 3), "
                    + "%.2f of the ceiling%n", writer[1], writer[1] / ceiling);

            List<Step> ours = runOurs(url, work, rates, stepSeconds, warmupSeconds, linger);
            Step bestOurs = best(ours);
            CopyCeiling.truncate(db);

            Step bestPeer = null;
            if (peer) {
                List<Step> peers = runPeer(peerDir, url, work, rates, stepSeconds, warmupSeconds);
                bestPeer = best(peers);
            }
            System.out.println();
            System.out.println("==== ingest benchmark summary ====");
            System.out.printf("ceiling (COPY):          %8.0f messages/s%n", ceiling);
            print("vendhub (whole path):", bestOurs);
            if (bestOurs != null) {
                System.out.printf("  ratio to the ceiling:  %.2f%n", bestOurs.stored() / ceiling);
            }
            if (peer) {
                print("peer (Mosquitto+Node):", bestPeer);
                if (bestOurs != null && bestPeer != null) {
                    System.out.printf("  vendhub / peer:        %.2f (both at lag p99 < %d ms)%n",
                            bestOurs.stored() / bestPeer.stored(), LAG_BOUND_MS);
                }
            }
        }
    }

    private static void print(String label, Step s) {
        if (s == null) {
            System.out.printf("%-24s no rate sustained at lag p99 < %d ms%n", label, LAG_BOUND_MS);
        } else {
            System.out.printf("%-24s %8.0f messages/s stored (offered %d), lag p50 %d ms, p99 %d ms%n", label,
                    s.stored(), s.offered(), s.p50(), s.p99());
        }
    }

    private static Step best(List<Step> steps) {
        Step best = null;
        for (Step s : steps) {
            if (s.sustained() && (best == null || s.stored() > best.stored())) {
                best = s;
            }
        }
        return best;
    }

    private static List<Step> runOurs(String url, Path work, int[] rates, int stepSeconds, int warmupSeconds,
                                      Duration linger) throws Exception {
        System.out.println("vendhub serve, whole path (MQTT -> broker -> spool -> batch writer -> commit -> ack):");
        Path data = work.resolve("serve");
        IngestTuning defaults = IngestTuning.defaults(data);
        BatchSettings b = defaults.batch();
        ServeSettings settings = ServeSettings.defaults(data)
                .withHttp(FanoutConfig.builder().host("127.0.0.1").port(0).build())
                .withMqtt(MqttListenerSettings.defaults().withPort(0))
                .withDatabase(DatabaseSettings.embedded().withUrl(url))
                .withJwt(JwtSettings.secret("bench-secret-0123456789-0123456789-0123456789"))
                .withIngest(defaults.withBatch(b.withMaxLinger(linger)))
                .withStatusInterval(Duration.ZERO);
        List<Step> steps = new ArrayList<>();
        System.out.printf("  batch: at most %d readings, linger %d ms%n", b.maxBatch(), linger.toMillis());
        try (VendhubServer server = VendhubServer.start(settings, Clock.systemUTC())) {
            List<LoadGenerator.Machine> machines = new ArrayList<>();
            UUID org = UUID.randomUUID();
            for (int i = 0; i < MACHINES; i++) {
                ProvisionedMachine m = server.machines().provision(org, "bench-" + i, 41.3, 69.2);
                machines.add(new LoadGenerator.Machine(m.machine().id(), m.deviceToken()));
            }
            try (LoadGenerator gen = new LoadGenerator("127.0.0.1", server.mqttPort(), machines, true)) {
                gen.connect();
                warmUp(gen, rates[0], warmupSeconds);
                int misses = 0;
                for (int rate : rates) {
                    gen.run(rate, Duration.ofSeconds(3)); // warm-up at this rate
                    gen.resetLags();
                    long ackedBefore = gen.acked();
                    long cpuBefore = cpu();
                    long t0 = System.nanoTime();
                    gen.run(rate, Duration.ofSeconds(stepSeconds));
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    double genCpu = (cpu() - cpuBefore) / 1e9 / seconds;
                    double stored = (gen.acked() - ackedBefore) / seconds;
                    LagHistogram lags = gen.resetLags();
                    Step s = new Step(rate, stored, lags.quantile(0.5), lags.quantile(0.99),
                            stored >= 0.95 * rate && lags.quantile(0.99) < LAG_BOUND_MS, genCpu);
                    steps.add(s);
                    System.out.printf("  offered %6d/s: stored %8.0f/s, lag p50 %5d ms p99 %5d ms, load generator "
                            + "%.2f cores%s%n", rate, stored, s.p50(), s.p99(), genCpu, s.sustained() ? "" : "  (not sustained)");
                    printWhereTimeGoes(server);
                    // Two unsustained steps in a row end the run (one may be the JIT warming up).
                    misses = s.sustained() ? 0 : misses + 1;
                    if (misses == 2) {
                        break;
                    }
                }
            }
        }
        return steps;
    }

    private static List<Step> runPeer(Path peerDir, String url, Path work, int[] rates, int stepSeconds,
                                      int warmupSeconds) throws Exception {
        System.out.println("peer: Mosquitto + Node.js ingest (MQTT.js + node-postgres, 500 messages or 100 ms per batch):");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<Step> steps = new ArrayList<>();
        List<LoadGenerator.Machine> machines = new ArrayList<>();
        for (int i = 0; i < MACHINES; i++) {
            machines.add(new LoadGenerator.Machine(UUID.randomUUID(), null));
        }
        String pgUrl = url.replace("jdbc:", "").replace("?user=postgres", "").replace("//", "//postgres@");
        try (PeerIngest peer = new PeerIngest(peerDir.toAbsolutePath(), port, pgUrl, work);
             LoadGenerator gen = new LoadGenerator("127.0.0.1", port, machines, false)) {
            gen.connect();
            warmUp(gen, rates[0], warmupSeconds);
            int misses = 0;
            for (int rate : rates) {
                gen.run(rate, Duration.ofSeconds(3));
                peer.reset();
                long cpuBefore = cpu();
                long t0 = System.nanoTime();
                gen.run(rate, Duration.ofSeconds(stepSeconds));
                double seconds = (System.nanoTime() - t0) / 1e9;
                double genCpu = (cpu() - cpuBefore) / 1e9 / seconds;
                PeerIngest.Window w = peer.report();
                double stored = w.stored() / seconds;
                Step s = new Step(rate, stored, w.lagP50Millis(), w.lagP99Millis(),
                        stored >= 0.95 * rate && w.lagP99Millis() < LAG_BOUND_MS, genCpu);
                steps.add(s);
                System.out.printf("  offered %6d/s: stored %8.0f/s, lag p50 %5d ms p99 %5d ms, load generator "
                        + "%.2f cores%s%n", rate, stored, s.p50(), s.p99(), genCpu, s.sustained() ? "" : "  (not sustained)");
                misses = s.sustained() ? 0 : misses + 1;
                if (misses == 2) {
                    break;
                }
            }
        }
        return steps;
    }

    /**
     * Runs the first rate, unmeasured, so the steps see compiled code on both sides (C2 still
     * compiles for tens of seconds after start; a 3 s step warm-up was not enough).
     */
    private static void warmUp(LoadGenerator gen, int rate, int seconds) throws Exception {
        if (seconds > 0) {
            System.out.printf("  warm-up: %d s at %d/s (not measured)%n", seconds, rate);
            gen.run(rate, Duration.ofSeconds(seconds));
        }
    }

    /** The server's own view: hand-offs received, batches (count, mean size, mean commit time), overflow to disk. */
    private static void printWhereTimeGoes(VendhubServer server) {
        var m = server.metrics();
        var commit = m.find(TelemetryBatchWriter.BATCH_COMMIT_METRIC).timer();
        var size = m.find(TelemetryBatchWriter.BATCH_SIZE_METRIC).summary();
        var lag = m.find(TelemetryBatchWriter.LAG_METRIC).timer();
        System.out.printf("    server: %.0f received, %.0f committed, %d batches of mean %.0f readings, mean commit %.1f ms, "
                        + "mean hand-off-to-commit %.0f ms, %.0f readings overflowed to disk, %.0f batches rewritten "
                        + "through staging (a reading already stored)%n",
                m.find(TelemetryIngestor.RECEIVED_METRIC).counter().count(),
                m.find(TelemetryBatchWriter.COMMITTED_METRIC).counter().count(),
                commit.count(), size.mean(), commit.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
                lag.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
                m.find(SpooledReadingQueue.OVERFLOW_METRIC).counter().count(),
                m.find(TelemetryBatchWriter.REDELIVERED_METRIC).counter().count());
    }

    /** CPU of the load generator: its Netty threads plus this (pacing) thread. */
    private static long cpu() {
        return LoadGenerator.cpuNanosOfThreadsNamed(LoadGenerator.threadPrefix())
                + ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
