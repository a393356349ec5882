package com.vendhub.realtime.bench.fanout;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.vendhub.realtime.broker.db.EmbeddedDatabase;
import com.vendhub.realtime.schema.migration.DatabaseMigrations;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The fan-out benchmark (docs/performance.md, "The fan-out benchmark"): vendhub's fan-out node and a Node.js socket.io 4.x
 * peer, each fed from the same Mosquitto and driven by the same load generator, one after the
 * other in one run; prints both sides and the ratios. Run from the repository root:
 * {@code mvn -B -q -DskipTests package && java -jar bench/target/fanout-bench.jar}.
 */
public final class FanoutBenchmark {

    private static final UUID ORG = UUID.fromString("6d1c2c4e-0000-4000-8000-00000000be4c");
    private static final String SECRET = "bench-secret-bench-secret-bench-secret-0123";
    private static final int SUBSCRIBERS = 1_000;
    private static final int MACHINES = 1_000;
    private static final int IDLE_CONNECTIONS = 10_000;
    private static final double P99_LIMIT_MS = 100;
    private static final String JAVA_HEAP = "-Xmx1g";
    /**
     * For (1) and (2): the parallel collector. On a small, mostly short-lived heap its young pauses
     * stay at a few milliseconds even when the cores are contended, where G1's concurrent threads
     * compete for them (measured here: G1 young pauses of 20-65 ms under load).
     */
    /** Unmeasured windows before (1), and half as many before (2), so both servers run compiled code. */
    private static final int WARM_UP_WINDOWS = 6;
    private static final List<String> JAVA_GC_LATENCY = List.of("-XX:+UseParallelGC");
    /** For (3): after a full GC, G1 gives back what exceeds 20 % free heap, so RSS follows live memory. */
    private static final List<String> JAVA_GC_MEMORY = List.of("-XX:+UseG1GC", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=20");

    private static List<String> vendhubCommand(String jar, List<String> gcFlags, int httpPort, int mqttPort,
            EmbeddedDatabase db) {
        // VENDHUB_BENCH_SERVER_JAVA_OPTS: extra JVM options for the server (a profiler agent, say).
        String extra = System.getenv().getOrDefault("VENDHUB_BENCH_SERVER_JAVA_OPTS", "").trim();
        List<String> extraOptions = extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
        return concat(concat(List.of("java", JAVA_HEAP), extraOptions), gcFlags, List.of("-cp", jar,
                "com.vendhub.realtime.broker.cli.Vendhub", "fanout", "--host", "127.0.0.1",
                "--http-port", Integer.toString(httpPort), "--mqtt-url", "tcp://127.0.0.1:" + mqttPort,
                "--db-url", db.jdbcUrl(), "--db-user", "postgres", "--jwt-secret", SECRET));
    }

    private final Path nodeDir;
    private final Duration step;
    private final Mqtt5AsyncClient publisher;
    private final List<UUID> machines;
    private final Process mosquitto;
    private final String token;

    private FanoutBenchmark(Path nodeDir, Duration step, Mqtt5AsyncClient publisher, List<UUID> machines,
            Process mosquitto) {
        this.nodeDir = nodeDir;
        this.step = step;
        this.publisher = publisher;
        this.machines = machines;
        this.mosquitto = mosquitto;
        this.token = Jwts.builder().subject("bench-viewer").claim("organizationId", ORG.toString())
                .claim("role", "viewer").issuedAt(new Date()).expiration(Date.from(Instant.now().plusSeconds(86_400)))
                .signWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8))).compact();
    }

    public static void main(String[] args) throws Exception {
        Path nodeDir = Path.of(args.length > 0 ? args[0] : "bench/node").toAbsolutePath();
        // Interrupted (Ctrl-C): no server, broker or database outlives the run.
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroy), "bench-cleanup"));
        Duration step = Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 3);
        if (!Files.exists(nodeDir.resolve("node_modules"))) {
            run(nodeDir, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        }
        int mqttPort = freePort();
        Path conf = Files.createTempFile("bench-mosquitto-", ".conf");
        // set_tcp_nodelay: without it Mosquitto's small writes to both servers wait for delayed ACKs (~40 ms).
        Files.writeString(conf, "listener " + mqttPort + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                + "max_queued_messages 1000000\nset_tcp_nodelay true\n");
        Process mosquitto = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        awaitPort(mqttPort);
        try (EmbeddedDatabase db = EmbeddedDatabase.start(Files.createTempDirectory("bench-pg-"), 0)) {
            PGSimpleDataSource pool = new PGSimpleDataSource();
            pool.setUrl(db.jdbcUrl() + "?user=postgres");
            DatabaseMigrations.migrate(pool);
            List<UUID> machines = provision(pool);
            Mqtt5AsyncClient publisher = MqttClient.builder().useMqttVersion5().identifier("bench-publisher")
                    .serverHost("127.0.0.1").serverPort(mqttPort).buildAsync();
            publisher.connect().get(10, TimeUnit.SECONDS);
            FanoutBenchmark bench = new FanoutBenchmark(nodeDir, step, publisher, machines, mosquitto);
            String jar = Path.of(FanoutBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
            Map<String, Result> results = new LinkedHashMap<>();
            int vendhubPort = freePort();
            // Scenarios (1) and (2) run with the default G1 sizing; (3) on a fresh process whose G1 gives
            // memory back after a full GC (so RSS follows live memory), which costs latency elsewhere.
            results.put("vendhub", bench.measure(
                    () -> ServerProcess.start("vendhub", vendhubCommand(jar, JAVA_GC_LATENCY, vendhubPort, mqttPort, db),
                            Path.of("."), Map.of(), vendhubPort, false),
                    () -> ServerProcess.start("vendhub", vendhubCommand(jar, JAVA_GC_MEMORY, vendhubPort, mqttPort,
                            db), Path.of("."), Map.of(), vendhubPort, false)));
            int nodePort = freePort();
            Starter node = () -> ServerProcess.start("node-peer", List.of("node", "--expose-gc", "peer.mjs"), nodeDir,
                    Map.of("PORT", Integer.toString(nodePort), "MQTT_URL", "mqtt://127.0.0.1:" + mqttPort),
                    nodePort, true);
            results.put("node-peer", bench.measure(node, node));
            publisher.disconnect().get(5, TimeUnit.SECONDS);
            print(results);
        } finally {
            mosquitto.destroy();
        }
    }

    /** What one server achieved. */
    record Result(double deliveredPerSecond, double[] s2, double[] s2x10, double rssPerConnectionKiB,
            double loadGenCpuPeak, String detail) {
    }

    @FunctionalInterface
    private interface Starter {
        ServerProcess start() throws Exception;
    }

    private Result measure(Starter starter, Starter memoryStarter) throws Exception {
        StringBuilder detail = new StringBuilder();
        double loadGenPeak = 0;
        Window w1;
        Window w10;
        double best = 0;
        try (ServerProcess server = starter.start(); LoadClients clients = new LoadClients()) {
            Thread.sleep(2000); // its MQTT subscription is in place shortly after the port opens
            System.out.printf("%n== %s (pid %d) ==%n", server.name(), server.pid());
            String auth = "{\"token\":\"" + token + "\",\"org\":\"" + ORG + "\"}";

            // (1) 1,000 subscribers in machines:all, rising event rate.
            clients.connect(server.port(), auth, Collections.nCopies(SUBSCRIBERS, "machines:all"), 200);
            // Warm-up, not measured: both runtimes compile their hot paths (the JIT, V8's optimizer). A
            // profile of the server showed C2 taking half of its CPU in the first steps with a 6 s warm-up.
            for (int i = 0; i < WARM_UP_WINDOWS; i++) {
                window(server, clients, 100, n -> statusEvent());
            }
            quiesce(clients);
            System.out.println("(1) rate ev/s | delivered msg/s | p50 ms | p99 ms | server CPU % | load-gen CPU % | mosquitto CPU %");
            for (double rate = 20; rate < 20_000; rate *= 1.5) {
                Window w = window(server, clients, rate, i -> statusEvent());
                loadGenPeak = Math.max(loadGenPeak, w.loadGenCpu);
                System.out.printf(Locale.ROOT, "    %8.0f | %12.0f | %7.2f | %7.2f | %5.0f | %5.0f | %5.0f%n", rate,
                        w.deliveredPerSecond, w.p50, w.p99, w.serverCpu, w.loadGenCpu, w.mosquittoCpu);
                boolean keptUp = w.delivered >= 0.95 * w.sent * SUBSCRIBERS;
                if (w.p99 > P99_LIMIT_MS || !keptUp) {
                    break;
                }
                best = w.deliveredPerSecond;
            }
            detail.append(String.format(Locale.ROOT, "%s (1): %.0f msg/s%n", server.name(), best));
            clients.disconnectAll();
            quiesce(clients);

            // (2) 1,000 machines x 1 telemetry/s, each of 1,000 subscribers in one machine:{id}; then 10x.
            List<String> rooms = new ArrayList<>();
            for (UUID m : machines) {
                rooms.add("machine:" + m);
            }
            clients.connect(server.port(), auth, rooms, 200);
            for (int i = 0; i < WARM_UP_WINDOWS / 2; i++) {
                window(server, clients, MACHINES, n -> telemetryEvent(machines.get(n % MACHINES)));
            }
            quiesce(clients);
            w1 = window(server, clients, MACHINES, i -> telemetryEvent(machines.get(i % MACHINES)));
            w10 = window(server, clients, MACHINES * 10.0, i -> telemetryEvent(machines.get(i % MACHINES)));
            loadGenPeak = Math.max(loadGenPeak, Math.max(w1.loadGenCpu, w10.loadGenCpu));
            System.out.printf(Locale.ROOT, "(2) 1,000 ev/s: delivered %.0f/s p50 %.2f ms p99 %.2f ms (server CPU %.0f %%)%n",
                    w1.deliveredPerSecond, w1.p50, w1.p99, w1.serverCpu);
            System.out.printf(Locale.ROOT, "(2) 10,000 ev/s: delivered %.0f/s p50 %.2f ms p99 %.2f ms (server CPU %.0f %%)%n",
                    w10.deliveredPerSecond, w10.p50, w10.p99, w10.serverCpu);
        }
        try (ServerProcess server = memoryStarter.start(); LoadClients clients = new LoadClients()) {
            // (3) 10,000 idle connections: resident memory per connection after a full GC.
            String auth = "{\"token\":\"" + token + "\",\"org\":\"" + ORG + "\"}";
            clients.connect(server.port(), auth, Collections.nCopies(100, null), 100); // warm the accept path
            clients.disconnectAll();
            Thread.sleep(3000);
            long before = server.rssAfterFullGc();
            clients.connect(server.port(), auth, Collections.nCopies(IDLE_CONNECTIONS, null), 500);
            long after = server.rssAfterFullGc();
            double perConnection = (after - before) / 1024.0 / IDLE_CONNECTIONS;
            System.out.printf(Locale.ROOT, "(3) RSS %.1f MiB -> %.1f MiB with %d idle connections: %.2f KiB each%n",
                    before / 1048576.0, after / 1048576.0, clients.size(), perConnection);
            return new Result(best, new double[] {w1.p50, w1.p99}, new double[] {w10.p50, w10.p99}, perConnection,
                    loadGenPeak, detail.toString());
        }
    }

    private record Window(long sent, long delivered, double deliveredPerSecond, double p50, double p99,
            double serverCpu, double loadGenCpu, double mosquittoCpu) {
    }

    /** Publishes at {@code rate} events/s for one step and measures what the clients got meanwhile. */
    private Window window(ServerProcess server, LoadClients clients, double rate, IntFunction<String[]> events)
            throws Exception {
        clients.latencies().reset();
        long delivered0 = clients.delivered();
        double serverCpu0 = server.cpuSeconds();
        double mosquittoCpu0 = cpuSeconds(mosquitto.pid());
        long loadGen0 = ownCpuNanos();
        long start = System.nanoTime();
        long total = (long) (rate * step.toNanos() / 1e9);
        long sent = 0;
        while (sent < total) {
            long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * rate) + 1);
            while (sent < due) {
                String[] e = events.apply((int) sent);
                publisher.publishWith().topic(e[0]).qos(MqttQos.AT_MOST_ONCE)
                        .payload(e[1].replace("\"t\":0", "\"t\":" + System.nanoTime())
                                .getBytes(StandardCharsets.UTF_8))
                        .send();
                sent++;
            }
            LockSupport.parkNanos(200_000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(300); // in-flight messages of this step
        double wall = (System.nanoTime() - start) / 1e9;
        long delivered = clients.delivered() - delivered0;
        return new Window(sent, delivered, delivered / seconds,
                clients.latencies().percentileMillis(50), clients.latencies().percentileMillis(99),
                100 * (server.cpuSeconds() - serverCpu0) / wall,
                100 * (ownCpuNanos() - loadGen0) / 1e9 / wall,
                100 * (cpuSeconds(mosquitto.pid()) - mosquittoCpu0) / wall);
    }

    /** Waits until deliveries stop (a backlog from an overloaded step drains or is dropped). */
    private static void quiesce(LoadClients clients) throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 60 && clients.delivered() != last; i++) {
            last = clients.delivered();
            Thread.sleep(1000);
        }
    }

    private static String[] statusEvent() {
        return new String[] {"vendhub/events/machines:all", "{\"event\":\"machine:status\",\"data\":{\"t\":0,"
                + "\"machineId\":\"" + UUID.randomUUID() + "\",\"status\":\"online\",\"timestamp\":\""
                + Instant.now() + "\"},\"organizationId\":\"" + ORG + "\"}"};
    }

    private static String[] telemetryEvent(UUID machine) {
        return new String[] {"vendhub/events/machine:" + machine, "{\"event\":\"machine:telemetry\",\"data\":{\"t\":0,"
                + "\"machineId\":\"" + machine + "\",\"timestamp\":\"" + Instant.now() + "\",\"status\":\"online\","
                + "\"temperature\":4.5,\"humidity\":41.2,\"bunkers\":[{\"bunkerId\":\"" + machine + "\","
                + "\"ingredientId\":\"" + machine + "\",\"ingredientName\":\"Coffee beans\",\"currentLevel\":640,"
                + "\"maxLevel\":1000,\"percentage\":64,\"lowLevelAlert\":false}],\"errors\":[],\"uptime\":86400},"
                + "\"organizationId\":\"" + ORG + "\"}"};
    }

    private static List<UUID> provision(DataSource pool) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = pool.getConnection(); PreparedStatement st = c.prepareStatement(
                "INSERT INTO machines (id, organization_id, name, token_hash) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < MACHINES; i++) {
                UUID id = UUID.randomUUID();
                st.setObject(1, id);
                st.setObject(2, ORG);
                st.setString(3, "bench-" + i);
                st.setBytes(4, new byte[32]);
                st.addBatch();
                ids.add(id);
            }
            st.executeBatch();
        }
        return ids;
    }

    private static void print(Map<String, Result> r) {
        Result v = r.get("vendhub");
        Result n = r.get("node-peer");
        System.out.println();
        System.out.println("== fan-out benchmark: vendhub vs Node.js socket.io 4.x peer (same Mosquitto, same load generator) ==");
        System.out.printf(Locale.ROOT, "%-58s %12s %12s %8s%n", "", "vendhub", "node-peer", "ratio");
        row("(1) delivered msg/s before p99 > 100 ms (1,000 subscribers)", v.deliveredPerSecond, n.deliveredPerSecond,
                v.deliveredPerSecond / n.deliveredPerSecond);
        row("(2) p50 ms, 1,000 machines x 1/s", v.s2[0], n.s2[0], n.s2[0] / v.s2[0]);
        row("(2) p99 ms, 1,000 machines x 1/s", v.s2[1], n.s2[1], n.s2[1] / v.s2[1]);
        row("(2) p99 ms, 10x (10,000 events/s)", v.s2x10[1], n.s2x10[1], n.s2x10[1] / v.s2x10[1]);
        row("(3) RSS KiB per idle connection (after full GC)", v.rssPerConnectionKiB, n.rssPerConnectionKiB,
                n.rssPerConnectionKiB / v.rssPerConnectionKiB);
        row("load generator peak CPU, % of one core", v.loadGenCpuPeak, n.loadGenCpuPeak, Double.NaN);
        System.out.println("ratios: (1) vendhub/node; latency and memory node/vendhub (above 1: vendhub better)");
        System.out.printf("vendhub JVM: %s %s for (1)-(2), %s for (3); node: %s; cores: %d; load average at the end: %s%n",
                JAVA_HEAP, String.join(" ", JAVA_GC_LATENCY), String.join(" ", JAVA_GC_MEMORY), "node --expose-gc", Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void row(String what, double a, double b, double ratio) {
        System.out.printf(Locale.ROOT, "%-58s %12.2f %12.2f %8.2f%n", what, a, b, ratio);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> out = new ArrayList<>();
        for (List<String> p : parts) {
            out.addAll(p);
        }
        return out;
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException("nothing listens on " + port);
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }
}
