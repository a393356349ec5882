package com.vendhub.realtime.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import com.vendhub.realtime.schema.config.CommandLineVocabulary;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FanoutCommandTest {

    @Test
    void aMissingBrokerDatabaseOrSecretIsAUsageErrorNamingTheOption() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Vendhub()).setErr(new PrintWriter(err));
        int code = cli.execute("fanout", "--db-url", "jdbc:postgresql://localhost/x", "--jwt-secret",
                "0123456789abcdef0123456789abcdef");
        assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Missing required option: '--mqtt-url");
        err.getBuffer().setLength(0);
        assertThat(cli.execute("fanout", "--mqtt-url", "tcp://localhost:1883", "--db-url", "jdbc:postgresql://localhost/x"))
                .isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Missing required option: '--jwt-secret");
    }

    @Test
    void aRequiredOptionMayComeFromTheEnvironment() {
        CommandLine cli = CommandLineVocabulary.apply(new CommandLine(new Vendhub()), Map.of(
                "VENDHUB_MQTT_URL", "tcp://broker.example:1883", "VENDHUB_DB_URL", "jdbc:postgresql://db/x",
                "JWT_ACCESS_SECRET", "0123456789abcdef0123456789abcdef"), warning -> { });
        FanoutCommand fanout = (FanoutCommand) cli.parseArgs("fanout").subcommand().commandSpec().userObject();
        assertThat(fanout.external.endpoint.url()).isEqualTo("tcp://broker.example:1883");
        assertThat(fanout.db.url).isEqualTo("jdbc:postgresql://db/x");
        assertThat(fanout.jwt.secret()).isEqualTo("0123456789abcdef0123456789abcdef");

        CommandLine without = CommandLineVocabulary.apply(new CommandLine(new Vendhub()),
                Map.of("VENDHUB_MQTT_URL", "tcp://broker.example:1883"), warning -> { });
        assertThatThrownBy(() -> without.parseArgs("fanout")).isInstanceOf(CommandLine.MissingParameterException.class)
                .hasMessageContaining("--db-url").hasMessageContaining("--jwt-secret");
    }

    @Test
    void aBadBrokerUrlIsRefusedBeforeAnythingStarts() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Vendhub()).setErr(new PrintWriter(err));
        int code = cli.execute("fanout", "--mqtt-url", "http://nope", "--db-url", "jdbc:postgresql://localhost/x",
                "--jwt-secret", "0123456789abcdef0123456789abcdef");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("expected tcp://host:port");
    }
}
