package com.vendhub.realtime.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.schema.migration.TimescaleSettings;
import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code --retention} and {@code --compress-after} as an operator passes them to {@code vendhub migrate}. */
@ExtendWith(EmbeddedPostgresExtension.class)
class TimescaleOptionsTest {

    @Test
    void policiesFollowTheCommandLine(TestDatabase db) {
        int exit = new CommandLine(new Vendhub()).execute("migrate", "--db-url", db.jdbcUrl(),
                "--retention", "30d", "--compress-after", "off");

        assertThat(exit).isZero();
        if (db.count("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'") == 1) {
            assertThat(db.count("SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = "
                    + "'policy_retention' AND (config->>'drop_after')::interval = INTERVAL '30 days'")).isEqualTo(4);
            assertThat(db.count("SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = "
                    + "'policy_compression'")).isZero();
        }
    }

    @Test
    void agesAreDurationsAsEveryOptionReadsThemWithOffAndTheFormerSpellings() {
        CommandLine cli = new CommandLine(new Vendhub());
        MigrateCommand defaults = (MigrateCommand) cli.parseArgs("migrate").subcommand().commandSpec().userObject();
        assertThat(defaults.timescale.retention).isEqualTo("P365D");
        assertThat(defaults.timescale.compressAfter).isEqualTo("P7D");
        assertThat(defaults.timescale.settings()).isEqualTo(TimescaleSettings.defaults());

        MigrateCommand given = (MigrateCommand) new CommandLine(new Vendhub())
                .parseArgs("migrate", "--retention", "P30D", "--compress-after", "2w").subcommand().commandSpec().userObject();
        assertThat(given.timescale.settings()).isEqualTo(new TimescaleSettings(Optional.of(Duration.ofDays(30)),
                Optional.of(Duration.ofDays(14))));
        MigrateCommand off = (MigrateCommand) new CommandLine(new Vendhub())
                .parseArgs("migrate", "--retention", "365d", "--compress-after", "off").subcommand().commandSpec().userObject();
        assertThat(off.timescale.settings()).isEqualTo(new TimescaleSettings(Optional.of(Duration.ofDays(365)),
                Optional.empty()));
    }

    @Test
    void aRetentionShorterThanTheAggregateRefreshIsRefusedWithTheReason(TestDatabase db) {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new Vendhub()).setErr(new PrintWriter(err))
                .execute("migrate", "--db-url", db.jdbcUrl(), "--retention", "2d");

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("refresh window");
    }
}
