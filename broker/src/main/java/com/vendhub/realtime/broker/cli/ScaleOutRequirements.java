package com.vendhub.realtime.broker.cli;

import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Marks what a scale-out node ({@code ingest}, {@code fanout}) cannot start without as picocli's
 * {@code required}: the broker, the shared database and, where it accepts tokens, the secret. The same
 * mixins are optional on {@code serve} (embedded database, generated secret), so the mark is made per
 * command here. picocli counts a value from the environment ({@code EnvironmentDefaults}) as given: it
 * applies the default provider's values before it checks what is required.
 */
final class ScaleOutRequirements implements CommandLine.IModelTransformer {

    private static final Set<String> REQUIRED = Set.of("--mqtt-url", "--db-url", "--jwt-secret");

    @Override
    public CommandSpec transform(CommandSpec command) {
        for (OptionSpec option : List.copyOf(command.options())) {
            if (REQUIRED.contains(option.longestName()) && !option.required()) {
                command.remove(option);
                command.addOption(option.toBuilder().required(true).build());
            }
        }
        return command;
    }
}
