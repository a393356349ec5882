package com.vendhub.realtime.broker.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code vendhub serve} in a child JVM (the test's own classpath), so that fault tests can
 * {@code kill -9} it ({@link Process#destroyForcibly()} sends SIGKILL) and start it again on the
 * same data directory and ports.
 */
public final class ServerProcess implements AutoCloseable {

    private static final String READY = "vendhub ready";
    private static final String VENDHUB = "com.vendhub.realtime.broker.cli.Vendhub";
    private final String readyMarker;
    private static final java.util.regex.Pattern HTTP_PORT = java.util.regex.Pattern.compile("HTTP \\+ Socket.IO on port (\\d+)");
    private volatile int httpPort;

    private final Process process;
    private final Thread reader;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final List<String> tail = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();

    private ServerProcess(Process process, String name, String readyMarker) {
        this.process = process;
        this.readyMarker = readyMarker;
        this.reader = new Thread(() -> pump(name), name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** A free TCP port, to pass to both the first start and the restart of a server. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code vendhub serve} against {@code dbUrl} and waits until it says it is ready. */
    public static ServerProcess start(String dbUrl, int mqttPort, Path dataDirectory, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("serve",
                "--host", "127.0.0.1",
                "--db-url", dbUrl,
                "--mqtt-port", Integer.toString(mqttPort),
                "--http-port", "0",
                "--data-dir", dataDirectory.toString(),
                "--jwt-secret", RunningServer.JWT_SECRET,
                "--status-interval", "PT0S"));
        args.addAll(List.of(extraArgs));
        return startVendhub(READY, args);
    }

    /**
     * Starts {@code vendhub <args>} (any command, e.g. {@code ingest}) in a child JVM and waits until a
     * line of its output contains {@code readyMarker}.
     */
    public static ServerProcess startVendhub(String readyMarker, List<String> args) {
        return startJava(VENDHUB, readyMarker, args);
    }

    /** Starts {@code vendhub <args>} in a child JVM and returns at once; {@link #awaitReady()} waits for the marker. */
    public static ServerProcess launchVendhub(String readyMarker, List<String> args) {
        try {
            Process p = new ProcessBuilder(javaCommand(List.of(), System.getProperty("java.class.path"), List.of(),
                    VENDHUB, args)).redirectErrorStream(true).start();
            return new ServerProcess(p, "vendhub-child-" + p.pid(), readyMarker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How a {@code vendhub} run that was expected to end ended: its exit code and its two streams' lines. */
    public record Finished(int exitCode, List<String> stdout, List<String> stderr) {
    }

    /** Runs {@code vendhub <args>} in a child JVM to its end (at most 3 minutes), stdout and stderr apart. */
    public static Finished run(List<String> args) {
        try {
            Path out = java.nio.file.Files.createTempFile("vendhub-stdout-", ".txt");
            Path err = java.nio.file.Files.createTempFile("vendhub-stderr-", ".txt");
            Process p = new ProcessBuilder(javaCommand(List.of(), System.getProperty("java.class.path"), List.of(),
                    VENDHUB, args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("vendhub " + args + " did not end; output:\n"
                        + java.nio.file.Files.readString(out) + java.nio.file.Files.readString(err));
            }
            Finished finished = new Finished(p.exitValue(), java.nio.file.Files.readAllLines(out),
                    java.nio.file.Files.readAllLines(err));
            // Surefire keeps this in the test's output file, which is where a failure is diagnosed.
            finished.stdout().forEach(l -> System.out.println("[vendhub-child-" + p.pid() + "] " + l));
            finished.stderr().forEach(l -> System.out.println("[vendhub-child-" + p.pid() + " stderr] " + l));
            return finished;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts {@code vendhub serve} with its embedded PostgreSQL (no {@code --db-url}) on {@code dbPort}, as
     * the leader of its own process group ({@code setsid}), as systemd and Docker run it, so that a test
     * can signal the whole group ({@link #terminateGroup()}).
     */
    public static ServerProcess startInOwnGroup(int mqttPort, int dbPort, Path dataDirectory, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("serve",
                "--host", "127.0.0.1",
                "--mqtt-port", Integer.toString(mqttPort),
                "--http-port", "0",
                "--data-dir", dataDirectory.toString(),
                "--embedded-db-port", Integer.toString(dbPort),
                "--jwt-secret", RunningServer.JWT_SECRET,
                "--status-interval", "PT0S"));
        args.addAll(List.of(extraArgs));
        return startJava(List.of("setsid"), System.getProperty("java.class.path"), List.of(),
                VENDHUB, READY, args);
    }

    /**
     * Starts {@code mainClass} (of the test's classpath) with {@code args} in a child JVM and waits until
     * a line of its output contains {@code readyMarker}.
     */
    public static ServerProcess startJava(String mainClass, String readyMarker, List<String> args) {
        return startJava(System.getProperty("java.class.path"), List.of(), mainClass, readyMarker, args);
    }

    /** As above, on {@code classpath} and with more options of the JVM. */
    public static ServerProcess startJava(String classpath, List<String> jvmOptions, String mainClass,
            String readyMarker, List<String> args) {
        return startJava(List.of(), classpath, jvmOptions, mainClass, readyMarker, args);
    }

    /** As above, started through {@code launcher} (e.g. {@code setsid}). */
    private static ServerProcess startJava(List<String> launcher, String classpath, List<String> jvmOptions,
            String mainClass, String readyMarker, List<String> args) {
        try {
            Process p = new ProcessBuilder(javaCommand(launcher, classpath, jvmOptions, mainClass, args))
                    .redirectErrorStream(true).start();
            ServerProcess server = new ServerProcess(p, "vendhub-child-" + p.pid(), readyMarker);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> javaCommand(List<String> launcher, String classpath, List<String> jvmOptions,
            String mainClass, List<String> args) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        return command;
    }

    /** Waits until a line of output contains the ready marker; fails with the last lines if the process ends first. */
    public void awaitReady() {
        try {
            if (!ready.await(90, TimeUnit.SECONDS) || !process.isAlive()) {
                process.destroyForcibly();
                throw new IllegalStateException("the child JVM did not become ready; last output:\n" + tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void pump(String name) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                // Surefire keeps this in the test's output file, which is where a failure is diagnosed.
                System.out.println("[" + name + "] " + line);
                synchronized (tail) {
                    if (lines.size() < 100_000) {
                        lines.add(line);
                    }
                    tail.add(line);
                    if (tail.size() > 50) {
                        tail.remove(0);
                    }
                }
                if (line.contains(readyMarker)) {
                    java.util.regex.Matcher m = HTTP_PORT.matcher(line);
                    if (m.find()) {
                        httpPort = Integer.parseInt(m.group(1));
                    }
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // The process died; its exit is what the test looks at.
        }
        ready.countDown();
    }

    private String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    /** The lines of output so far (the first 100,000) that contain {@code text}. */
    public List<String> linesContaining(String text) {
        synchronized (tail) {
            return lines.stream().filter(l -> l.contains(text)).toList();
        }
    }

    /** The HTTP port the server reported in its ready line. */
    public int httpPort() {
        return httpPort;
    }

    /** The server's Prometheus text from {@code /metrics}. */
    public String metrics() {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                            .timeout(java.time.Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of one sample line of {@link #metrics()} whose name and labels start with {@code prefix}, summed. */
    public double metric(String prefix) {
        double sum = 0;
        boolean found = false;
        for (String line : metrics().split("\n")) {
            if (line.startsWith(prefix + " ") || line.startsWith(prefix + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException("no metric " + prefix);
        }
        return sum;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook runs. Waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("process " + process.pid() + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * SIGTERM to the process's whole process group ({@code kill -TERM -- -pgid}), what systemd and Docker
     * send on stop; returns at once.
     */
    public void terminateGroup() {
        try {
            // Field 5 of /proc/<pid>/stat is the process group; the command name (field 2) ends with ')'.
            String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String pgid = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2];
            Process kill = new ProcessBuilder("kill", "-TERM", "--", "-" + pgid).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -TERM -- -" + pgid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits up to {@code timeout} for the process to exit; its exit code, or empty if it still runs. */
    public java.util.OptionalInt awaitExit(java.time.Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return java.util.OptionalInt.empty();
            }
            reader.join(TimeUnit.SECONDS.toMillis(30)); // its last lines
            return java.util.OptionalInt.of(process.exitValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.OptionalInt.empty();
        }
    }

    /** All lines of output so far (the first 100,000). */
    public List<String> lines() {
        synchronized (tail) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
