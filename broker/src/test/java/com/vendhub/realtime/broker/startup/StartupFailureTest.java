package com.vendhub.realtime.broker.startup;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.broker.db.EmbeddedDatabase;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.ServerProcess;
import com.vendhub.realtime.broker.testing.ServerProcess.Finished;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up failures of docs/operations.md, "Start-up failures and exit codes", through the real CLI in a child
 * JVM: the exact first line on stderr, the exit code of the class, and nothing started before the failure.
 */
class StartupFailureTest {

    @TempDir
    Path temp;

    @Test
    void anUnreachableDatabaseIsOneLineAndExitCode3() {
        int dbPort = ServerProcess.freePort();
        Path data = temp.resolve("data");
        Finished run = ServerProcess.run(serve(data, "--db-url", "jdbc:postgresql://127.0.0.1:" + dbPort + "/nope",
                "--db-wait", "PT0S"));

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.stderr()).containsExactly("cannot reach the database at 127.0.0.1:" + dbPort
                + " (connection refused): is PostgreSQL running? check --db-url / VENDHUB_DB_URL");
        // Nothing but the data directory's lock was made: no JWT secret, no spool.
        assertThat(entries(data)).containsExactly(DataDirectoryLock.FILE);
        assertThat(run.stdout()).noneMatch(line -> line.contains("vendhub ready"));
    }

    @Test
    void verboseAddsTheStackTraceUnderTheSameFirstLine() {
        int dbPort = ServerProcess.freePort();
        Finished run = ServerProcess.run(List.of("migrate", "--db-url", "jdbc:postgresql://127.0.0.1:" + dbPort
                + "/nope", "--db-wait", "PT0S", "--verbose"));

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.stderr().get(0)).isEqualTo("cannot reach the database at 127.0.0.1:" + dbPort
                + " (connection refused): is PostgreSQL running? check --db-url / VENDHUB_DB_URL");
        assertThat(run.stderr()).anyMatch(line -> line.startsWith(StartupFailure.class.getName() + ": "))
                .anyMatch(line -> line.contains("Caused by: ") && line.contains("ConnectException"));
    }

    @Test
    void theWaitSaysWhatItWaitsForThenGivesUpWithExitCode3() {
        int dbPort = ServerProcess.freePort();
        Finished run = ServerProcess.run(List.of("migrate", "--db-url", "jdbc:postgresql://127.0.0.1:" + dbPort
                + "/nope", "--db-wait", "PT2S"));

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.stdout()).anyMatch(line -> line.endsWith("waiting for the database at 127.0.0.1:" + dbPort
                + " (connection refused), 0 s of 2 s"));
        assertThat(run.stderr()).containsExactly("cannot reach the database at 127.0.0.1:" + dbPort
                + " (connection refused): is PostgreSQL running? check --db-url / VENDHUB_DB_URL",
                "gave up after 2 s (--db-wait / VENDHUB_DB_WAIT)");
    }

    @Test
    void aDatabaseThatComesUpDuringTheWaitIsUsed() throws Exception {
        int dbPort = ServerProcess.freePort();
        try (ServerProcess server = ServerProcess.launchVendhub("vendhub ready", serve(temp.resolve("data"),
                "--db-url", "jdbc:postgresql://localhost:" + dbPort + "/postgres?user=postgres",
                "--db-wait", "PT10M"))) {
            while (server.linesContaining("waiting for the database at localhost:" + dbPort).isEmpty()) {
                assertThat(server.isAlive()).as("serve waits for the database").isTrue();
                Thread.sleep(100);
            }
            try (EmbeddedDatabase db = EmbeddedDatabase.start(temp.resolve("postgres"), dbPort)) {
                server.awaitReady();
                HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void refusedCredentialsAreNotWaitedFor() throws Exception {
        int dbPort = ServerProcess.freePort();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(temp.resolve("postgres"), dbPort)) {
            // A wait that would outlast the test: the refusal must end it at once.
            Finished run = ServerProcess.run(List.of("migrate", "--db-url",
                    "jdbc:postgresql://localhost:" + dbPort + "/postgres", "--db-user", "nobody", "--db-wait", "PT1H"));

            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(run.stderr()).containsExactly("the database at localhost:" + dbPort + " refused the credentials"
                    + " of user nobody: check --db-user / VENDHUB_DB_USER and --db-password / VENDHUB_DB_PASSWORD");
        }
    }

    @Test
    void aTakenHttpPortIsNamedWithItsOptionBeforeAnythingStarts() throws Exception {
        Path data = temp.resolve("data");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            // The embedded database: had it started, the data directory would hold it.
            List<String> args = new ArrayList<>(serve(data));
            args.set(args.indexOf("--http-port") + 1, Integer.toString(port));
            Finished run = ServerProcess.run(args);

            assertThat(run.exitCode()).isEqualTo(4);
            assertThat(run.stderr()).containsExactly("--http-port " + port
                    + " (VENDHUB_HTTP_PORT) is in use by another process: choose another port or stop it");
            assertThat(data).doesNotExist();
        }
    }

    @Test
    void aTakenMqttPortOfServeAndAFanoutNodesHttpPortToo() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            List<String> args = new ArrayList<>(serve(temp.resolve("data")));
            args.set(args.indexOf("--mqtt-port") + 1, Integer.toString(port));
            Finished serve = ServerProcess.run(args);
            assertThat(serve.exitCode()).isEqualTo(4);
            assertThat(serve.stderr()).containsExactly("--mqtt-port " + port
                    + " (VENDHUB_MQTT_PORT) is in use by another process: choose another port or stop it");

            Finished fanout = ServerProcess.run(List.of("fanout", "--host", "127.0.0.1",
                    "--http-port", Integer.toString(port), "--mqtt-url", "mqtt://127.0.0.1:" + ServerProcess.freePort(),
                    "--db-url", "jdbc:postgresql://127.0.0.1:" + ServerProcess.freePort() + "/none",
                    "--jwt-secret", RunningServer.JWT_SECRET));
            assertThat(fanout.exitCode()).isEqualTo(4);
            assertThat(fanout.stderr()).containsExactly("--http-port " + port
                    + " (VENDHUB_HTTP_PORT) is in use by another process: choose another port or stop it");
        }
    }

    @Test
    void aDataDirectoryInUseByServeOrMigrateNamesItsHolderAndStartsNoDatabase() throws Exception {
        Path data = temp.resolve("data");
        // This JVM holds it as a running serve would: another process, the same OS lock.
        try (DataDirectoryLock held = DataDirectoryLock.acquire(data)) {
            String inUse = "--data-dir " + data + " is in use by another vendhub process (pid "
                    + ProcessHandle.current().pid() + "): stop it, or give this one another --data-dir / VENDHUB_DATA_DIR";
            Finished serve = ServerProcess.run(serve(data));
            assertThat(serve.exitCode()).isEqualTo(5);
            assertThat(serve.stderr()).containsExactly(inUse);

            Finished migrate = ServerProcess.run(List.of("migrate", "--data-dir", data.toString()));
            assertThat(migrate.exitCode()).isEqualTo(5);
            assertThat(migrate.stderr()).containsExactly(inUse);
            assertThat(entries(data)).containsExactly(DataDirectoryLock.FILE);
        }
    }

    /** {@code vendhub serve} on free ports, the embedded database unless {@code more} names one. */
    private static List<String> serve(Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("serve", "--host", "127.0.0.1",
                "--http-port", Integer.toString(ServerProcess.freePort()),
                "--mqtt-port", Integer.toString(ServerProcess.freePort()),
                "--embedded-db-port", Integer.toString(ServerProcess.freePort()),
                "--data-dir", data.toString(), "--jwt-secret", RunningServer.JWT_SECRET, "--status-interval", "PT0S"));
        args.addAll(List.of(more));
        return args;
    }

    private static List<String> entries(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
