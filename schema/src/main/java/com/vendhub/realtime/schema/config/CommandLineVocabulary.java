package com.vendhub.realtime.schema.config;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * Installs the shared vocabulary on a command tree: the environment rule and the duration format
 * (docs/configuration.md, "Formats"). Both {@code vendhub} and {@code vendhub-sim} start through it.
 */
public final class CommandLineVocabulary {

    private CommandLineVocabulary() {
    }

    /** For a process: the real environment, deprecation warnings logged. */
    public static CommandLine apply(CommandLine cli) {
        return apply(cli, new EnvironmentDefaults());
    }

    /** For a test: this environment, warnings to {@code warnings}. */
    public static CommandLine apply(CommandLine cli, Map<String, String> environment, Consumer<String> warnings) {
        return apply(cli, new EnvironmentDefaults(environment, warnings));
    }

    private static CommandLine apply(CommandLine cli, EnvironmentDefaults defaults) {
        // Both calls reach every subcommand present now, so they come after the tree is built.
        cli.registerConverter(Duration.class, new DurationConverter());
        cli.setDefaultValueProvider(defaults);
        return cli;
    }
}
