package com.vendhub.realtime.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.sim.fleet.MoquetteBroker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {

    private final StringWriter err = new StringWriter();

    @Test
    void optionsParseWithTheirDocumentedDefaults() {
        CommandLine cli = VendhubSim.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs("run", "--interval", "2s", "--seed", "7", "--duration", "60s");
        RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
        assertThat(run.interval).isEqualTo(Duration.ofSeconds(2));
        assertThat(run.seed).isEqualTo(7);
        assertThat(run.duration).isEqualTo(Duration.ofSeconds(60));
        // Unless the environment says otherwise, which it does not in a build.
        if (System.getenv("VENDHUB_MQTT_URL") == null) {
            assertThat(run.broker.endpoint.url()).isEqualTo("tcp://localhost:1883");
        }
        if (System.getenv("VENDHUB_JITTER") == null && System.getenv("VENDHUB_SIM_JITTER") == null) {
            assertThat(run.jitter).isEqualTo(0.2);
        }
        if (System.getenv("VENDHUB_CREDENTIALS") == null && System.getenv("VENDHUB_SIM_CREDENTIALS") == null) {
            assertThat(run.credentials).isEqualTo(Path.of("machines.csv"));
        }
    }

    @Test
    void everyOptionReadsItsEnvironmentVariableByTheSharedRule() {
        CommandLine.Model.CommandSpec run = VendhubSim.commandLine().getSubcommands().get("run").getCommandSpec();
        java.util.Map<String, String> environment = java.util.Map.of("VENDHUB_SEED", "7", "VENDHUB_INTERVAL", "PT2S",
                "VENDHUB_MQTT_URL", "ssl://broker.example:8883", "VENDHUB_SIM_OFFLINE_BUFFER", "5");
        java.util.List<String> warnings = new java.util.ArrayList<>();
        CommandLine cli = com.vendhub.realtime.schema.config.CommandLineVocabulary.apply(
                new CommandLine(new SimCommand()), environment, warnings::add);
        RunCommand parsed = (RunCommand) cli.parseArgs("run").subcommand().commandSpec().userObject();
        assertThat(parsed.seed).isEqualTo(7);
        assertThat(parsed.interval).isEqualTo(Duration.ofSeconds(2));
        assertThat(parsed.broker.endpoint.url()).isEqualTo("ssl://broker.example:8883");
        assertThat(parsed.offlineBuffer).as("an old VENDHUB_SIM_ name, read for one release").isEqualTo(5);
        assertThat(warnings).singleElement().asString().contains("VENDHUB_OFFLINE_BUFFER");
        run.options().stream().filter(com.vendhub.realtime.schema.config.EnvironmentDefaults::readsEnvironment)
                .forEach(o -> assertThat(com.vendhub.realtime.schema.config.EnvironmentDefaults.variableOf(o))
                        .as(o.longestName()).startsWith("VENDHUB_"));
    }

    @Test
    void theServersVariablesDoNotRetargetTheSimulatorThroughItsDeprecatedFlags() {
        // VENDHUB_MQTT_PORT is vendhub serve's listen port (docs/contract.md, "Command line"); the hidden
        // --mqtt-host/--mqtt-port/--tls must not pick it, or its neighbours, up from a shared environment.
        java.util.Map<String, String> environment = java.util.Map.of("VENDHUB_MQTT_PORT", "1999",
                "VENDHUB_MQTT_HOST", "elsewhere.example", "VENDHUB_TLS", "true");
        CommandLine cli = com.vendhub.realtime.schema.config.CommandLineVocabulary.apply(
                new CommandLine(new SimCommand()), environment, warning -> { });
        RunCommand run = (RunCommand) cli.parseArgs("run", "--mqtt-url", "tcp://127.0.0.1:1883")
                .subcommand().commandSpec().userObject();
        assertThat(run.broker.url()).isEqualTo(com.vendhub.realtime.schema.config.MqttUrl.parse("tcp://127.0.0.1:1883"));
        assertThat(run.broker.legacyPort).isNull();
        assertThat(run.broker.legacyHost).isNull();
        assertThat(run.broker.legacyTls).isFalse();
    }

    @Test
    void aBadCredentialsLineFailsWithItsLineNumberAndUsageExitCode(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("machines.csv"), "# fleet\n123e4567-e89b-12d3-a456-426614174000,tok\noops\n");
        int code = execute("run", "--credentials", file.toString());
        assertThat(code).isEqualTo(RunCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("machines.csv, line 3");
    }

    @Test
    void noSubcommandPrintsUsage() {
        assertThat(execute()).isEqualTo(RunCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("Usage: vendhub-sim").contains("run");
    }

    @Test
    void runsAFleetForItsDurationAgainstABroker(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("machines.csv"),
                "123e4567-e89b-12d3-a456-426614174000,tok-1\n00000000-0000-4000-8000-000000000002,tok-2\n");
        try (MoquetteBroker broker = MoquetteBroker.start()) {
            int code = execute("run", "--mqtt-url", "tcp://127.0.0.1:" + broker.port(),
                    "--credentials", file.toString(), "--interval", "200ms", "--duration", "6s",
                    "--progress-every", "500ms");
            assertThat(code).as(err.toString()).isZero();
            assertThat(broker.received()).anyMatch(r -> r.topic().endsWith("/telemetry"));
        }
    }

    /** The spelling before --mqtt-url, kept for one release (docs/configuration.md, "Renamed in this release"). */
    @Test
    void publishingNothingIsAFailure(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("machines.csv"), "123e4567-e89b-12d3-a456-426614174000,tok-1\n");
        int code = execute("run", "--mqtt-host", "127.0.0.1", "--mqtt-port", Integer.toString(MoquetteBroker.freePort()),
                "--credentials", file.toString(), "--duration", "1s", "--connect-timeout", "1s");
        assertThat(code).isEqualTo(RunCommand.EXIT_NOTHING_PUBLISHED);
    }

    private int execute(String... args) {
        CommandLine cli = VendhubSim.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
