package com.vendhub.realtime.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.config.CommandLineVocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The examples at the end of each command's {@code --help} are real: they parse, and make valid settings. */
class HelpExamplesTest {

    /** What a shell would put in for the variables the examples use. */
    private static final Map<String, String> SHELL = Map.of(
            "$JWT_ACCESS_SECRET", RunningServer.JWT_SECRET,
            "$ORG", UUID.randomUUID().toString(),
            "$MACHINE_ID", UUID.randomUUID().toString());

    @Test
    void everyCommandEndsWithExamplesThatParseAndMakeSettings() {
        CommandLine root = tree();
        assertThat(root.getSubcommands()).containsKeys("serve", "fanout", "ingest", "migrate", "machines");
        root.getSubcommands().forEach((name, command) -> {
            List<String> examples = examples(command);
            assertThat(examples).as(name).hasSizeGreaterThanOrEqualTo(2);
            // Each line of an example fits the help's width, so that it is printed as it is written.
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertThat(footer(command)).as(name).filteredOn(line -> line.startsWith("  "))
                    .allSatisfy(line -> assertThat(help).contains(line));
            assertThat(help.replaceAll("\\s+", " ")).as(name).contains(Vendhub.EXIT_CODES);
            for (String example : examples) {
                assertThatCode(() -> settingsOf(example)).as(example).doesNotThrowAnyException();
            }
        });
    }

    /** Parses {@code example} on a fresh tree and builds the settings of the command it runs. */
    private static void settingsOf(String example) {
        String[] words = Arrays.stream(example.trim().split("\\s+")).skip(1)
                .map(word -> SHELL.getOrDefault(word, word)).toArray(String[]::new);
        ParseResult parsed = tree().parseArgs(words);
        Object command = parsed.subcommand().commandSpec().userObject();
        if (command instanceof ServeCommand serve) {
            serve.settings();
        } else if (command instanceof FanoutCommand fanout) {
            fanout.settings();
        } else if (command instanceof IngestCommand ingest) {
            ingest.settings();
        } else if (command instanceof MigrateCommand migrate) {
            migrate.db.settings();
        }
    }

    /** Each example as one line: a line ending in a backslash goes on, as in a shell. */
    private static List<String> examples(CommandLine command) {
        List<String> examples = new ArrayList<>();
        StringBuilder example = null;
        for (String line : footer(command)) {
            if (line.startsWith("  vendhub ")) {
                example = new StringBuilder();
            }
            if (example != null && line.startsWith("  ")) {
                example.append(line.endsWith("\\") ? line.substring(0, line.length() - 1) : line).append(' ');
                if (!line.endsWith("\\")) {
                    examples.add(example.toString().trim());
                    example = null;
                }
            }
        }
        return examples;
    }

    private static List<String> footer(CommandLine command) {
        return List.of(command.getCommandSpec().usageMessage().footer());
    }

    /** Without the environment, as the configuration page is made. */
    private static CommandLine tree() {
        return CommandLineVocabulary.apply(new CommandLine(new Vendhub()), Map.of(), warning -> { });
    }
}
