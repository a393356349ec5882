package com.vendhub.realtime.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.ingest.EventWriterSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The events writer's options reach the settings of {@code serve} and {@code ingest}; bad values are usage errors. */
class EventWriterOptionsTest {

    @Test
    void withoutOptionsServeAndIngestRunWithTheDocumentedDefaults() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs();
        assertThat(serve.eventWriter.settings()).isEqualTo(EventWriterSettings.defaults());
        assertThat(EventWriterSettings.defaults()).isEqualTo(new EventWriterSettings(10_000, 10_000, 60,
                Duration.ofDays(7), 1_000, Duration.ofMinutes(10), Duration.ofSeconds(5)));
        IngestCommand ingest = new IngestCommand();
        new CommandLine(ingest).parseArgs(RequiredArguments.ingest());
        assertThat(ingest.eventWriter.settings()).isEqualTo(EventWriterSettings.defaults());
    }

    @Test
    void optionsReachTheSettings() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--events-queue-capacity", "500", "--dead-letter-queue-capacity", "300",
                "--dead-letter-budget", "7", "--dead-letter-retention", "P2D", "--dead-letter-retention-batch", "50",
                "--dead-letter-retention-interval", "PT30S", "--events-drain-timeout", "PT12S");
        assertThat(serve.eventWriter.settings()).isEqualTo(new EventWriterSettings(500, 300, 7, Duration.ofDays(2),
                50, Duration.ofSeconds(30), Duration.ofSeconds(12)));
    }

    @Test
    void aValueOutOfRangeIsAUsageErrorBeforeAnythingStarts() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Vendhub()).setErr(new PrintWriter(err))
                .execute("serve", "--dead-letter-budget", "-1", "--data-dir", "unused-data-dir");
        assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("invalid events writer settings");
    }
}
