package com.vendhub.realtime.bench.soak;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The server under test: the real {@code broker/target/vendhub.jar serve} in its own process, on
 * loopback ports, with its embedded PostgreSQL in a fresh data directory; its output goes to a file
 * (a soak of 30 minutes must not hold its log in memory).
 */
final class SoakServer implements AutoCloseable {

    /** How long a SIGTERM may take before SIGKILL (the durability work bounds the drain well below). */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final Duration START_LIMIT = Duration.ofSeconds(180);

    private final Process process;
    private final int mqttPort;
    private final int httpPort;
    private final int dbPort;
    private final Path dataDir;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Ctrl-C of the soak stops the server (and its PostgreSQL) too: the soak stops by itself, and completely. */
    private final Thread onExit = new Thread(() -> {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }, "soak-server-stop");

    private SoakServer(Process process, int mqttPort, int httpPort, int dbPort, Path dataDir, Path log) {
        this.process = process;
        this.mqttPort = mqttPort;
        this.httpPort = httpPort;
        this.dbPort = dbPort;
        this.dataDir = dataDir;
        this.log = log;
    }

    /** Starts {@code java <heap> -jar jar serve …} and waits until {@code /health/ready} answers 200. */
    static SoakServer start(Path jar, String heap, String jwtSecret, Path workDir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: build it first (mvn -B -q -DskipTests package)");
        }
        Path dataDir = workDir.resolve("data");
        if (Files.exists(dataDir)) {
            throw new IOException(dataDir + " exists: a soak starts on a fresh data directory");
        }
        Files.createDirectories(workDir);
        int mqtt = freePort();
        int http = freePort();
        int db = freePort();
        Path log = workDir.resolve("server.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:+UseG1GC", "-jar", jar.toAbsolutePath().toString(), "serve",
                "--host", "127.0.0.1",
                "--mqtt-port", Integer.toString(mqtt),
                "--http-port", Integer.toString(http),
                "--embedded-db-port", Integer.toString(db),
                "--data-dir", dataDir.toAbsolutePath().toString(),
                "--status-interval", "PT10S"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().put("JWT_ACCESS_SECRET", jwtSecret);
        SoakServer server = new SoakServer(pb.start(), mqtt, http, db, dataDir, log);
        Runtime.getRuntime().addShutdownHook(server.onExit);
        try {
            server.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("vendhub serve exited with " + process.exitValue() + "; see " + log);
            }
            if (get("/health/ready").map(r -> r.statusCode() == 200).orElse(false)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IOException("vendhub serve not ready within " + START_LIMIT + "; see " + log);
    }

    /** A GET on the server's HTTP port; empty when it does not answer. */
    Optional<HttpResponse<String>> get(String path) throws InterruptedException {
        try {
            return Optional.of(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int mqttPort() {
        return mqttPort;
    }

    int httpPort() {
        return httpPort;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres";
    }

    Path log() {
        return log;
    }

    /** The embedded PostgreSQL's postmaster (first line of its {@code postmaster.pid}), when it runs. */
    Optional<Long> postmasterPid() {
        if (!Files.isDirectory(dataDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(dataDir, 3)) {
            Optional<Path> pidFile = files.filter(p -> p.getFileName().toString().equals("postmaster.pid")).findFirst();
            if (pidFile.isEmpty()) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile.get());
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * SIGTERM, as systemd and Docker stop it; SIGKILL after {@link #STOP_GRACE}. The embedded
     * PostgreSQL is a grandchild we started through the server: if it outlives a killed server, it
     * gets SIGTERM by its own pid (never by name).
     */
    @Override
    public void close() throws InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting; the hook does the same
        }
        stop();
    }

    private void stop() throws InterruptedException {
        Optional<Long> postmaster = postmasterPid();
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        if (postmaster.isPresent()) {
            Optional<ProcessHandle> pg = ProcessHandle.of(postmaster.get());
            if (pg.isPresent() && pg.get().info().command().map(c -> c.contains("postgres")).orElse(false)) {
                pg.get().destroy();
                pg.get().onExit().completeOnTimeout(null, 20, TimeUnit.SECONDS).join();
            }
        }
    }

    /** Whether the server stopped by itself within the grace (exit code known). */
    Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
