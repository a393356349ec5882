package com.vendhub.realtime.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vendhub.realtime.broker.app.DurabilitySettings;
import com.vendhub.realtime.broker.app.StorageSettings;
import com.vendhub.realtime.broker.cluster.FanoutNodeSettings;
import com.vendhub.realtime.broker.cluster.IngestWorkerSettings;
import com.vendhub.realtime.broker.health.ReadinessSettings;
import com.vendhub.realtime.ingest.alerts.AlertSettings;
import com.vendhub.realtime.ingest.store.BatchSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The readiness and ack-queue options reach the settings {@code serve} and {@code fanout} start with,
 * from the command line and from their environment variables; values that do not fit together are a
 * usage error before anything starts.
 */
class SettingsOptionsTest {

    private static final Path DATA = Path.of("unused-data-dir");

    @Test
    void aPublicKeyFileThatIsNotThereIsAUsageErrorNamingTheOption() {
        List<List<String>> commands = List.of(List.of("serve"), List.of("fanout", "--mqtt-url", "tcp://localhost:1883",
                "--db-url", "jdbc:postgresql://localhost/x", "--jwt-secret", "0123456789abcdef0123456789abcdef"));
        for (List<String> command : commands) {
            StringWriter err = new StringWriter();
            List<String> args = new java.util.ArrayList<>(command);
            args.addAll(List.of("--jwt-public-key", "/nonexistent/key.pem"));
            int code = new CommandLine(new Vendhub()).setErr(new PrintWriter(err)).execute(args.toArray(String[]::new));
            assertThat(code).as(command.get(0)).isEqualTo(CommandLine.ExitCode.USAGE);
            assertThat(err.toString()).as(command.get(0)).contains("--jwt-public-key /nonexistent/key.pem: no such file")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void theThreeKindsTakeTheSameOptionsForTheSameConcerns() {
        IngestCommand ingest = new IngestCommand();
        new CommandLine(ingest).parseArgs(RequiredArguments.ingest("--low-level-threshold", "15",
                "--forecast-window", "PT12H", "--shutdown-timeout", "PT9S"));
        IngestWorkerSettings worker = ingest.settings();
        assertThat(worker.alerts().rules().defaultThreshold()).isEqualTo(15.0);
        assertThat(worker.alerts().forecast().window()).isEqualTo(Duration.ofHours(12));
        assertThat(worker.shutdownTimeout()).isEqualTo(Duration.ofSeconds(9));
        IngestCommand ingestDefaults = new IngestCommand();
        new CommandLine(ingestDefaults).parseArgs(RequiredArguments.ingest());
        assertThat(ingestDefaults.settings().alerts()).usingRecursiveComparison().isEqualTo(AlertSettings.defaults());
        assertThat(ingestDefaults.settings().shutdownTimeout()).isEqualTo(DurabilitySettings.DEFAULT_SHUTDOWN_TIMEOUT);

        FanoutCommand fanout = new FanoutCommand();
        new CommandLine(fanout).parseArgs(RequiredArguments.fanout("--history-max-points", "300",
                "--history-query-timeout", "PT3S", "--shutdown-timeout", "PT7S"));
        FanoutNodeSettings node = fanout.settings();
        assertThat(node.history().maxPoints()).isEqualTo(300);
        assertThat(node.historyQueryTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(node.shutdownTimeout()).isEqualTo(Duration.ofSeconds(7));
        FanoutCommand fanoutDefaults = new FanoutCommand();
        new CommandLine(fanoutDefaults).parseArgs(RequiredArguments.fanout());
        assertThat(fanoutDefaults.settings().history()).isEqualTo(StorageSettings.defaults().history());
        assertThat(fanoutDefaults.settings().historyQueryTimeout())
                .isEqualTo(StorageSettings.defaults().historyQueryTimeout());

        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--shutdown-timeout", "PT8S", "--ingest-handoff-capacity", "123");
        assertThat(serve.settings().durability().shutdownTimeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(serve.settings().ingest().batch().handoffCapacity()).isEqualTo(123);
        // An ingest worker feeds its ingestor from the MQTT client: there is no hand-off to size.
        assertThat(new CommandLine(new IngestCommand()).getCommandSpec().findOption("--ingest-handoff-capacity")).isNull();
        assertThatThrownBy(() -> {
            IngestCommand tooShort = new IngestCommand();
            new CommandLine(tooShort).parseArgs(RequiredArguments.ingest("--shutdown-timeout", "PT1S"));
            tooShort.settings();
        }).isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("at least 2 seconds");
    }

    @Test
    void serveOptionsReachTheReadinessAndBatchSettings() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--db-check-interval", "PT0.2S", "--db-down-after", "PT2S",
                "--db-check-timeout", "PT2S", "--ready-backlog-fraction", "0.5", "--ingest-ack-queue-batches", "3");
        assertThat(serve.readiness.settings()).isEqualTo(
                new ReadinessSettings(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(2), 0.5,
                        ReadinessSettings.defaults().ingestStallAfter()));
        BatchSettings batch = serve.ingest.tuning(DATA).batch();
        assertThat(batch.ackQueueBatches()).isEqualTo(3);
        assertThat(batch.latestWriteInterval()).isEqualTo(BatchSettings.defaults().latestWriteInterval());
    }

    @Test
    void withoutOptionsServeRunsWithTheDocumentedDefaults() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs();
        assertThat(serve.readiness.settings()).isEqualTo(ReadinessSettings.defaults());
        assertThat(serve.ingest.tuning(DATA).batch().ackQueueBatches()).isEqualTo(BatchSettings.DEFAULT_ACK_QUEUE_BATCHES);
        assertThat(serve.devices.settings().connectRateMaxSources())
                .isEqualTo(com.vendhub.realtime.broker.app.DeviceAccessSettings.DEFAULT_CONNECT_RATE_MAX_SOURCES);
        assertThat(serve.devices.settings().connectRateMaxBytes())
                .isEqualTo(com.vendhub.realtime.broker.app.DeviceAccessSettings.DEFAULT_CONNECT_RATE_MAX_BYTES);
    }

    @Test
    void theIngestStallBoundAndTheEarliestDeviceTimeAreOptionsOfServeAndTheWindowOfIngestToo() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--ingest-stall-after", "PT7S", "--earliest-device-time",
                "2024-01-01T00:00:00Z");
        assertThat(serve.readiness.settings().ingestStallAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(serve.validation.earliestDeviceTime).isEqualTo(java.time.Instant.parse("2024-01-01T00:00:00Z"));
        ServeCommand defaults = new ServeCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.readiness.settings().ingestStallAfter())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.validation.earliestDeviceTime)
                .isEqualTo(com.vendhub.realtime.schema.validation.ValidationLimits.defaults().earliestDeviceTime());
        IngestCommand ingest = new IngestCommand();
        new CommandLine(ingest).parseArgs(RequiredArguments.ingest("--earliest-device-time", "2025-06-01T00:00:00Z"));
        assertThat(ingest.validation.earliestDeviceTime).isEqualTo(java.time.Instant.parse("2025-06-01T00:00:00Z"));

        StringWriter err = new StringWriter();
        int code = new CommandLine(new Vendhub()).setErr(new PrintWriter(err))
                .execute("serve", "--ingest-stall-after", "PT0S", "--data-dir", DATA.toString());
        assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("ingestStallAfter must be positive");
    }

    @Test
    void fanoutTakesTheDatabaseCheckOptionsButNoBacklogFraction() {
        FanoutCommand fanout = new FanoutCommand();
        CommandLine cli = new CommandLine(fanout);
        cli.parseArgs(RequiredArguments.fanout("--db-check-interval", "PT0.5S", "--db-down-after", "PT4S"));
        assertThat(fanout.databaseCheck.settings()).isEqualTo(new ReadinessSettings(Duration.ofMillis(500),
                Duration.ofSeconds(4), Duration.ofSeconds(1), 0.9, ReadinessSettings.defaults().ingestStallAfter()));
        assertThat(cli.getCommandSpec().findOption("--ready-backlog-fraction")).isNull();
        assertThat(cli.getCommandSpec().findOption("--ingest-ack-queue-batches")).isNull();
    }

    @Test
    void aCheckIntervalNotBelowTheDownAfterIsAUsageErrorBeforeAnythingStarts() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Vendhub()).setErr(new PrintWriter(err))
                .execute("serve", "--db-check-interval", "PT5S", "--data-dir", DATA.toString());
        assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("databaseStaleAfter must exceed databaseCheckInterval");

        err.getBuffer().setLength(0);
        code = new CommandLine(new Vendhub()).setErr(new PrintWriter(err))
                .execute("serve", "--ready-backlog-fraction", "1.5", "--data-dir", DATA.toString());
        assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("backlogReadyFraction must be in (0, 1]");
    }

    /** Environment variables cannot be set inside this JVM: a child JVM shows what its options resolved to. */
    @Test
    void environmentVariablesSetTheOptions() throws Exception {
        String serveHelp = help(List.of("serve", "--help"), List.of(
                "VENDHUB_DB_CHECK_INTERVAL", "PT0.25S", "VENDHUB_DB_DOWN_AFTER", "PT7S",
                "VENDHUB_DB_CHECK_TIMEOUT", "PT3S", "VENDHUB_READY_BACKLOG_FRACTION", "0.75",
                "VENDHUB_INGEST_ACK_QUEUE_BATCHES", "5", "VENDHUB_INGEST_STALL_AFTER", "PT11S",
                "VENDHUB_EARLIEST_DEVICE_TIME", "2023-03-01T00:00:00Z", "VENDHUB_MQTT_CONNECT_RATE_MAX_SOURCES", "1234",
                "VENDHUB_MQTT_CONNECT_RATE_MAX_BYTES", "1048576"));
        assertThat(serveHelp).contains("VENDHUB_DB_CHECK_INTERVAL, default PT0.25S")
                .contains("VENDHUB_DB_DOWN_AFTER, default PT7S")
                .contains("VENDHUB_DB_CHECK_TIMEOUT, default PT3S")
                .contains("VENDHUB_READY_BACKLOG_FRACTION, default 0.75")
                .contains("VENDHUB_INGEST_ACK_QUEUE_BATCHES, default 5")
                .contains("VENDHUB_INGEST_STALL_AFTER, default PT11S")
                .contains("VENDHUB_EARLIEST_DEVICE_TIME, default 2023-03-01T00:00:00Z")
                .contains("VENDHUB_MQTT_CONNECT_RATE_MAX_SOURCES, default 1234")
                .contains("VENDHUB_MQTT_CONNECT_RATE_MAX_BYTES, default 1048576");
        String fanoutHelp = help(List.of("fanout", "--help"), List.of("VENDHUB_DB_DOWN_AFTER", "PT9S"));
        assertThat(fanoutHelp).contains("VENDHUB_DB_DOWN_AFTER, default PT9S");
    }

    private static String help(List<String> args, List<String> env) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A wide usage text keeps each "env X, default Y" on one line.
                "-Dpicocli.usage.width=400",
                "-cp", System.getProperty("java.class.path"), "com.vendhub.realtime.broker.cli.Vendhub"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        for (int i = 0; i < env.size(); i += 2) {
            pb.environment().put(env.get(i), env.get(i + 1));
        }
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.toString(StandardCharsets.UTF_8);
    }
}
