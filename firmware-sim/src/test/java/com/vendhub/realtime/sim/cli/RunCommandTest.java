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
        if (System.getenv("VENDHUB_MQTT_HOST") == null) {
            assertThat(run.mqttHost).isEqualTo("localhost");
        }
        if (System.getenv("VENDHUB_MQTT_PORT") == null) {
            assertThat(run.mqttPort).isEqualTo(1883);
        }
        if (System.getenv("VENDHUB_SIM_JITTER") == null) {
            assertThat(run.jitter).isEqualTo(0.2);
        }
        if (System.getenv("VENDHUB_SIM_CREDENTIALS") == null) {
            assertThat(run.credentials).isEqualTo(Path.of("machines.csv"));
        }
    }

    @Test
    void everyOptionNamesItsEnvironmentVariable() {
        CommandLine run = VendhubSim.commandLine().getSubcommands().get("run");
        run.getCommandSpec().options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp())
                .forEach(o -> assertThat(o.defaultValueString(false)).as(o.longestName()).startsWith("${env:VENDHUB_"));
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
            int code = execute("run", "--mqtt-host", "127.0.0.1", "--mqtt-port", Integer.toString(broker.port()),
                    "--credentials", file.toString(), "--interval", "200ms", "--duration", "6s",
                    "--progress-every", "500ms");
            assertThat(code).as(err.toString()).isZero();
            assertThat(broker.received()).anyMatch(r -> r.topic().endsWith("/telemetry"));
        }
    }

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
