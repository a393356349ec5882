package com.vendhub.realtime.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import com.vendhub.realtime.schema.config.CommandLineVocabulary;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class IngestCommandTest {

    private static String run(int[] code, String... args) {
        StringWriter err = new StringWriter();
        code[0] = new CommandLine(new Vendhub()).setErr(new PrintWriter(err)).execute(args);
        return err.toString();
    }

    @Test
    void aMissingBrokerOrDatabaseIsAUsageErrorNamingTheOption() {
        int[] code = new int[1];
        assertThat(run(code, "ingest", "--db-url", "jdbc:postgresql://localhost/x"))
                .contains("Missing required option: '--mqtt-url");
        assertThat(code[0]).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run(code, "ingest", "--mqtt-url", "tcp://localhost:1883"))
                .contains("Missing required option: '--db-url");
        assertThat(code[0]).isEqualTo(CommandLine.ExitCode.USAGE);
    }

    @Test
    void aRequiredOptionMayComeFromTheEnvironment() {
        CommandLine cli = CommandLineVocabulary.apply(new CommandLine(new Vendhub()), Map.of(
                "VENDHUB_MQTT_URL", "tcp://broker.example:1883", "VENDHUB_DB_URL", "jdbc:postgresql://db/x"), w -> { });
        IngestCommand ingest = (IngestCommand) cli.parseArgs("ingest").subcommand().commandSpec().userObject();
        assertThat(ingest.external.endpoint.url()).isEqualTo("tcp://broker.example:1883");
        assertThat(ingest.db.url).isEqualTo("jdbc:postgresql://db/x");
        CommandLine without = CommandLineVocabulary.apply(new CommandLine(new Vendhub()),
                Map.of("VENDHUB_DB_URL", "jdbc:postgresql://db/x"), w -> { });
        assertThatThrownBy(() -> without.parseArgs("ingest")).isInstanceOf(CommandLine.MissingParameterException.class)
                .hasMessageContaining("--mqtt-url");
    }

    @Test
    void aReceiveMaximumTheQueueCannotHoldIsRefusedBeforeAnythingStarts() {
        // A refused reading would hold back every later acknowledgement on the connection.
        int[] code = new int[1];
        String err = run(code, "ingest", "--mqtt-url", "tcp://localhost:1883", "--db-url", "jdbc:postgresql://localhost/x",
                "--mqtt-receive-maximum", "30000", "--ingest-queue-capacity", "20000");
        assertThat(code[0]).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err).contains("must be at least the receive maximum");
    }

    @Test
    void aNegativeIdleResubscribeIntervalIsRefusedBeforeAnythingStarts() {
        int[] code = new int[1];
        String err = run(code, "ingest", "--mqtt-url", "tcp://localhost:1883", "--db-url", "jdbc:postgresql://localhost/x",
                "--mqtt-idle-resubscribe", "-PT1S");
        assertThat(code[0]).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err).contains("idle re-subscribe interval must not be negative");
    }

    @Test
    void aBrokerUrlWithAPasswordNeverShowsThePassword() {
        int[] code = new int[1];
        String err = run(code, "ingest", "--mqtt-url", "http://svc:s3cret@localhost", "--db-url",
                "jdbc:postgresql://localhost/x");
        assertThat(code[0]).isNotZero();
        assertThat(err).contains("expected tcp://host:port").doesNotContain("s3cret");
    }
}
