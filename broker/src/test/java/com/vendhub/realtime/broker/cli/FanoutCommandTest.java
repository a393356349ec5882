package com.vendhub.realtime.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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
        assertThat(err.toString()).contains("Missing required option --mqtt-url");
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
