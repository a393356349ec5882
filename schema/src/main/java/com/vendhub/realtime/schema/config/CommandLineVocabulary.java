package com.vendhub.realtime.schema.config;

import java.lang.reflect.Array;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Model.OptionSpec;

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
                String value = defaultText(option);
                Text[] note = new Text[rows[0].length];
                Arrays.fill(note, colors.text(""));
                note[note.length - 1] = colors.text("(env " + EnvironmentDefaults.variableOf(option)
                        + (value.isEmpty() ? "" : ", default " + value) + ")");
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

    /**
     * The default of {@code option} as {@code --help} and docs/configuration.md both print it: the
     * environment's value where the command reads one, else the value written in the settings; a switch
     * that is off reads {@code off}, an enum as it is typed (lower case; the converters ignore case); empty
     * when there is none. picocli's own {@code defaultValueString()} would print an unset option as {@code null}.
     */
    public static String defaultText(OptionSpec option) {
        Object value = fromEnvironment(option);
        if (value == null) {
            value = option.defaultValue() != null ? option.defaultValue()
                    : option.hasInitialValue() ? option.initialValue() : null;
        }
        if (value == null || (value.getClass().isArray() && Array.getLength(value) == 0)
                || (value instanceof Collection<?> c && c.isEmpty())) {
            return "";
        }
        if (value instanceof Boolean b && !b && option.arity().max() == 0) {
            return "off";
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        return String.valueOf(value);
    }

    private static String fromEnvironment(OptionSpec option) {
        CommandLine.IDefaultValueProvider provider = option.command() == null ? null
                : option.command().defaultValueProvider();
        if (provider == null) {
            return null;
        }
        try {
            return provider.defaultValue(option);
        } catch (Exception e) {
            throw new IllegalStateException("default of " + option.longestName(), e);
        }
    }
}
