package com.vendhub.realtime.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.fanout.FanoutConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The HTTP port's bounds (docs/security.md, "The HTTP port") reach the fan-out configuration of {@code serve} and {@code fanout}. */
class HttpServerOptionsTest {

    @Test
    void withoutOptionsBothCommandsUseTheFanoutDefaults() {
        ServeCommand serve = new ServeCommand();
        CommandLine serveCli = new CommandLine(serve);
        serveCli.parseArgs();
        FanoutCommand fanout = new FanoutCommand();
        CommandLine fanoutCli = new CommandLine(fanout);
        fanoutCli.parseArgs(RequiredArguments.fanout());
        assertThat(serve.http.config(serveCli)).isEqualTo(FanoutConfig.defaults());
        assertThat(fanout.http.config(fanoutCli)).isEqualTo(FanoutConfig.defaults());
    }

    @Test
    void optionsSetTheDeadlinesTheCapCorsAndTheTokenGrace() {
        FanoutCommand fanout = new FanoutCommand();
        CommandLine cli = new CommandLine(fanout);
        cli.parseArgs(RequiredArguments.fanout("--http-header-timeout", "PT5S", "--http-body-timeout", "PT20S", "--http-idle-timeout", "PT30S",
                "--http-max-connections", "500", "--cors-origins", "https://a.example,https://b.example",
                "--jwt-expiry-grace", "PT0S"));
        FanoutConfig c = fanout.http.config(cli);
        assertThat(c.httpHeaderTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.httpBodyTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.httpIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.httpMaxConnections()).isEqualTo(500);
        assertThat(c.corsOrigin()).isEqualTo("https://a.example,https://b.example");
        assertThat(c.jwtExpiryGrace()).isZero();
    }

    @Test
    void badValuesAreAUsageErrorBeforeAnythingStarts() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Vendhub()).setErr(new PrintWriter(err))
                .execute("serve", "--cors-origins", "*,https://a.example", "--data-dir", "unused-data-dir");
        assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("either * or a list of origins");

        err.getBuffer().setLength(0);
        code = new CommandLine(new Vendhub()).setErr(new PrintWriter(err))
                .execute("serve", "--http-max-connections", "0", "--data-dir", "unused-data-dir");
        assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("httpMaxConnections must be positive");
    }
}
