package com.vendhub.realtime.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A usage error of {@code vendhub} is one line saying what is wrong and one saying where the options are,
 * exit code 2 (docs/operations.md, "Start-up failures and exit codes"): before, the line was followed by
 * the command's whole help, some 500 lines for {@code serve}, and scrolled out of sight.
 */
class UsageErrorTest {

    private record Outcome(int exitCode, List<String> errLines, String out) {
    }

    private static Outcome run(String... args) {
        CommandLine cli = Vendhub.commandLine();
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        int code = cli.execute(args);
        return new Outcome(code, err.toString().lines().toList(), out.toString());
    }

    @Test
    void aValueThatDoesNotParseIsItsLineAndAPointerToHelp() {
        Outcome outcome = run("serve", "--http-port", "eighty");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errLines()).hasSize(2);
        assertThat(outcome.errLines().get(0)).contains("--http-port").contains("eighty");
        assertThat(outcome.errLines().get(1)).isEqualTo("Try 'vendhub serve --help' for its options.");
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void aMistypedOptionGetsASuggestionNotTheWholeHelp() {
        Outcome outcome = run("serve", "--http-prot", "8080");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errLines().get(0)).contains("--http-prot");
        assertThat(String.join("\n", outcome.errLines())).contains("--http-port").doesNotContain("Usage:");
        assertThat(outcome.errLines().get(outcome.errLines().size() - 1))
                .isEqualTo("Try 'vendhub serve --help' for its options.");
    }

    @Test
    void aMissingRequiredOptionOfAScaleOutNodeIsOneLine() {
        Outcome outcome = run("fanout", "--mqtt-url", "tcp://127.0.0.1:1", "--db-url",
                "jdbc:postgresql://127.0.0.1:1/x");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errLines()).hasSize(2);
        assertThat(outcome.errLines().get(0)).contains("--jwt-secret");
        assertThat(outcome.errLines().get(1)).isEqualTo("Try 'vendhub fanout --help' for its options.");
    }

    /** Before, the embedded database started and migrated, then a stack trace and exit 1 (outside review). */
    @Test
    void aShortJwtSecretIsAUsageErrorBeforeAnythingStarts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path data) {
        Outcome outcome = run("serve", "--data-dir", data.toString(), "--jwt-secret", "short");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errLines().get(0)).contains("--jwt-secret").contains("at least 32 bytes");
        assertThat(data).isEmptyDirectory();
    }

    /** Before, a libpq URI waited out --db-wait as "No suitable driver", then exit 3 "is PostgreSQL running?". */
    @Test
    void aDatabaseUrlThatIsNotJdbcIsAUsageErrorAtOnce() {
        Outcome outcome = run("migrate", "--db-url", "postgresql://vendhub:secret@127.0.0.1:1/x");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errLines().get(0)).contains("--db-url").contains("jdbc:postgresql:")
                .doesNotContain("secret");
    }
}
