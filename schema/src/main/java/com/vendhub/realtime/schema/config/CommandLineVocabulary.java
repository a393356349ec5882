package com.vendhub.realtime.schema.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;

/**
 * Installs the shared vocabulary on a command tree: the environment rule, the duration format
 * (docs/configuration.md, "Formats") and, in {@code --help}, each option's variable and the default
 * it has in this environment. Both {@code vendhub} and {@code vendhub-sim} start through it.
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
        showEnvironment(cli);
        return cli;
    }

    /** Ends each option's help with {@code (env VENDHUB_X, default Y)}, Y as the environment makes it. */
    private static void showEnvironment(CommandLine cli) {
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> {
            Help.IOptionRenderer plain = help.createDefaultOptionRenderer();
            Help.IOptionRenderer withEnvironment = (option, labels, colors) -> {
                Text[][] rows = plain.render(option, labels, colors);
                if (!EnvironmentDefaults.readsEnvironment(option) || rows.length == 0) {
                    return rows;
                }
                String value = option.defaultValueString();
                Text[] note = new Text[rows[0].length];
                Arrays.fill(note, colors.text(""));
                note[note.length - 1] = colors.text("(env " + EnvironmentDefaults.variableOf(option)
                        + (value == null || value.isEmpty() ? "" : ", default " + value) + ")");
                Text[][] all = Arrays.copyOf(rows, rows.length + 1);
                all[rows.length] = note;
                return all;
            };
            Help.Layout layout = new Help.Layout(help.colorScheme(), Help.TextTable.forDefaultColumns(
                    help.colorScheme(), help.commandSpec().usageMessage().longOptionsMaxWidth(), help.commandSpec().usageMessage().width()),
                    withEnvironment, help.createDefaultParameterRenderer());
            return help.optionList(layout, help.createDefaultOptionSort(), help.createDefaultParamLabelRenderer());
        });
        cli.getSubcommands().values().forEach(CommandLineVocabulary::showEnvironment);
    }
}
