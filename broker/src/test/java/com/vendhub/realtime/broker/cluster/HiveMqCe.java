package com.vendhub.realtime.broker.cluster;

import com.vendhub.realtime.broker.testing.ServerProcess;
import com.vendhub.realtime.testbroker.hivemq.HiveMqCeMain;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * HiveMQ Community Edition (embedded, {@code com.hivemq:hivemq-community-edition-embedded}) on a free
 * local port, in a child JVM ({@link HiveMqCeMain}) on its own classpath, which the
 * {@code hivemq-ce-test-broker} module resolves: in the test's JVM it would not even start (it needs
 * jctools 4, the product's HiveMQ MQTT client brings jctools 2), and it keeps process-wide state (static
 * {@code InternalConfigurations}, the root logger it rewires, the JUL bridge, threads that outlive
 * {@code close()}). Every client must give the service credentials (docs/testing.md, "Cluster tests on two brokers").
 */
final class HiveMqCe implements ExternalBroker {

    static final String USERNAME = "vendhub-service";
    static final String PASSWORD = "test-hivemq-service-secret";
    /**
     * HiveMQ CE keeps to the Receive Maximum, so the workers announce a small one, for the flow control to
     * be exercised: the broker must hold messages back while a worker's batches commit.
     */
    static final int RECEIVE_MAXIMUM = 100;
    /**
     * Messages queued per client and per shared subscription group (HiveMQ's default, 1,000, discards
     * past it, as Mosquitto's does); a vendhub cluster needs room for the backlog it may build.
     */
    static final long MAX_QUEUE_SIZE = 1_000_000;

    private volatile ServerProcess process;
    private final int port;
    private final Path home;

    private HiveMqCe(int port, Path home) {
        this.port = port;
        this.home = home;
    }

    static HiveMqCe start() {
        try {
            int port = ServerProcess.freePort();
            Path home = Files.createTempDirectory("hivemq-ce-");
            Path conf = Files.createDirectories(home.resolve("conf"));
            Files.createDirectories(home.resolve("data"));
            Files.createDirectories(home.resolve("extensions"));
            Files.writeString(conf.resolve("config.xml"), config(port));
            HiveMqCe hivemq = new HiveMqCe(port, home);
            hivemq.launch();
            return hivemq;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() throws IOException {
        process = ServerProcess.startJava(classpath(), List.of(
                        "-Dlogback.configurationFile=" + HiveMqCeMain.LOGBACK_RESOURCE), HiveMqCeMain.class.getName(),
                HiveMqCeMain.READY, List.of(home.resolve("conf").toString(), home.resolve("data").toString(),
                        home.resolve("extensions").toString(), USERNAME, PASSWORD));
    }

    @Override
    public void restart() throws IOException {
        process.kill();
        launch();
    }

    /** The launcher's own classes or jar, then HiveMQ CE's runtime classpath as its module resolved it. */
    private static String classpath() throws IOException {
        try (InputStream in = HiveMqCeMain.class.getResourceAsStream("/" + HiveMqCeMain.CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(HiveMqCeMain.CLASSPATH_RESOURCE + " is missing: build with the reactor "
                        + "(-am), so that the hivemq-ce-test-broker module resolves it");
            }
            String launcher;
            try {
                launcher = Path.of(HiveMqCeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                        .toString();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            return launcher + File.pathSeparator + new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    private static String config(int port) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                    </listeners>
                    <mqtt>
                        <queued-messages>
                            <max-queue-size>%d</max-queue-size>
                        </queued-messages>
                    </mqtt>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <!-- No phone-home: tests reach nothing beyond the loopback. -->
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, MAX_QUEUE_SIZE);
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String username() {
        return USERNAME;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    @Override
    public int workerReceiveMaximum() {
        return RECEIVE_MAXIMUM;
    }

    @Override
    public boolean routesSharedMessagesToOfflineMembers() {
        return false;
    }

    @Override
    public String toString() {
        return "HiveMQ CE";
    }

    @Override
    public void close() {
        process.close();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind; nothing to fail the test for.
        }
    }
}
