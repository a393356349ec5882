package com.vendhub.realtime.broker.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto (installed at /usr/sbin/mosquitto, as CI installs it) on a free local port, anonymous,
 * configured as docs/operations.md, "Scale-out: vendhub ingest", asks for a vendhub cluster.
 */
final class Mosquitto implements ExternalBroker {

    static final String BINARY = "/usr/sbin/mosquitto";

    /**
     * Mosquitto routes a shared subscription's messages round robin, also to a member that is offline; without
     * a cap on its queue, such a member's share waits for it instead of being dropped at 1,000.
     */
    static final String CLUSTER_CONFIG = "max_queued_messages 0\n";

    /**
     * Mosquitto before 2.0.13 (2.0.11 here, as in Debian 12 and Ubuntu 22.04) does not keep to a client's
     * Receive Maximum once messages queue up (docs/operations.md, "Scale-out: vendhub ingest"), so the workers
     * announce the protocol's largest, and their queue holds as many.
     */
    static final int RECEIVE_MAXIMUM = 65_535;

    private volatile Process process;
    private final int port;
    private final Path conf;

    private Mosquitto(int port, Path conf) {
        this.port = port;
        this.conf = conf;
    }

    static Mosquitto start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path conf = Files.createTempFile("mosquitto-", ".conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                + CLUSTER_CONFIG);
        Mosquitto mosquitto = new Mosquitto(port, conf);
        mosquitto.launch();
        return mosquitto;
    }

    private void launch() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(BINARY, "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                process = p;
                return;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IOException("mosquitto did not start on port " + port, e);
                }
                Thread.sleep(50);
            }
        }
    }

    @Override
    public void restart() throws IOException, InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        launch();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String username() {
        return null;
    }

    @Override
    public String password() {
        return null;
    }

    @Override
    public int workerReceiveMaximum() {
        return RECEIVE_MAXIMUM;
    }

    @Override
    public boolean routesSharedMessagesToOfflineMembers() {
        return true; // subs__shared_process: round robin over all members (eclipse-mosquitto/mosquitto#2662)
    }

    @Override
    public String toString() {
        return "Mosquitto";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
