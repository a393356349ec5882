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

    private final Process process;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final List<String> tail = new ArrayList<>();

    private ServerProcess(Process process, String name) {
        this.process = process;
        Thread reader = new Thread(() -> pump(name), name + "-stdout");
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
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                "com.vendhub.realtime.broker.cli.Vendhub", "serve",
                "--host", "127.0.0.1",
                "--db-url", dbUrl,
                "--mqtt-port", Integer.toString(mqttPort),
                "--http-port", "0",
                "--data-dir", dataDirectory.toString(),
                "--jwt-secret", RunningServer.JWT_SECRET,
                "--status-interval", "PT0S"));
        command.addAll(List.of(extraArgs));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            ServerProcess server = new ServerProcess(p, "vendhub-child-" + p.pid());
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        try {
            if (!ready.await(90, TimeUnit.SECONDS) || !process.isAlive()) {
                process.destroyForcibly();
                throw new IllegalStateException("vendhub serve did not become ready; last output:\n" + tail());
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
                    tail.add(line);
                    if (tail.size() > 50) {
                        tail.remove(0);
                    }
                }
                if (line.contains(READY)) {
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

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
