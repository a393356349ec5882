package com.vendhub.realtime.schema.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The default text {@code --help} and docs/configuration.md share. */
class CommandLineVocabularyTest {

    @Command(name = "probe", mixinStandardHelpOptions = true)
    static final class Probe {
        @Option(names = "--client-id", description = "Unset unless given.")
        String clientId;

        @Option(names = "--unit", description = "An enum.")
        TimeUnit unit = TimeUnit.SECONDS;

        @Option(names = "--interval", description = "A duration.")
        Duration interval = Duration.ofSeconds(5);

        @Option(names = "--demo", description = "A switch.")
        boolean demo;
    }

    private static String help(Map<String, String> environment) {
        return CommandLineVocabulary.apply(new CommandLine(new Probe()), environment, w -> { }).getUsageMessage();
    }

    @Test
    void anUnsetOptionShowsNoDefaultAndTheOthersShowTheTextTheDocsPrint() {
        String help = help(Map.of());
        assertThat(help).doesNotContain("null")
                .contains("(env VENDHUB_CLIENT_ID)")
                .contains("(env VENDHUB_UNIT, default seconds)")
                .contains("(env VENDHUB_INTERVAL, default PT5S)")
                .contains("(env VENDHUB_DEMO, default off)");
        CommandLine plain = new CommandLine(new Probe());
        assertThat(CommandLineVocabulary.defaultText(plain.getCommandSpec().findOption("--client-id"))).isEmpty();
        assertThat(CommandLineVocabulary.defaultText(plain.getCommandSpec().findOption("--unit"))).isEqualTo("seconds");
    }

    @Test
    void aValueFromTheEnvironmentIsTheDefaultHelpShows() {
        assertThat(help(Map.of("VENDHUB_CLIENT_ID", "worker-7"))).contains("(env VENDHUB_CLIENT_ID, default worker-7)");
    }
}
