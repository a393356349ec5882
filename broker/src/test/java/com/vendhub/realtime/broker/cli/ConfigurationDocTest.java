package com.vendhub.realtime.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.schema.config.CommandLineVocabulary;
import com.vendhub.realtime.schema.config.EnvironmentDefaults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/configuration.md is what {@link ConfigurationDoc} generates from the command lines, and every
 * option reads the environment variable the rule names (docs/configuration.md, "Environment variables").
 */
class ConfigurationDocTest {

    private static final Path PAGE = Path.of("..", "docs", "configuration.md");

    @Test
    void theCheckedInPageIsTheGeneratedOne() throws IOException {
        String generated = ConfigurationDoc.generate();
        if (Boolean.getBoolean("vendhub.docs.write")) {
            Files.writeString(PAGE, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
                .as("docs/configuration.md is stale; regenerate it with: " + ConfigurationDoc.REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void everyOptionReadsTheVariableTheRuleNamesOrTheContractsName() {
        forEachCommand((command, options) -> {
            Set<String> variables = new HashSet<>();
            for (OptionSpec option : options) {
                String name = option.longestName();
                assertThat(name).as(command + " " + name).startsWith("--");
                String rule = EnvironmentDefaults.PREFIX
                        + name.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
                String variable = EnvironmentDefaults.variableOf(option);
                assertThat(variable).as(command + " " + name)
                        .isIn(rule, EnvironmentDefaults.contractNames().get(name));
                assertThat(variables.add(variable)).as(command + ": two options read " + variable).isTrue();
            }
        });
    }

    @Test
    void anOldSpellingIsNeverTheNameOfAnOptionOfToday() {
        Set<String> current = new HashSet<>();
        forEachCommand((command, options) -> options.forEach(o -> current.add(EnvironmentDefaults.variableOf(o))));
        EnvironmentDefaults.deprecatedNames().forEach((now, old) -> {
            assertThat(current).as("the replacement of " + old).contains(now);
            assertThat(old).as("old spellings of " + now).doesNotContainAnyElementsOf(current);
        });
    }

    @Test
    void theContractsNamesStay() {
        CommandLine serve = new CommandLine(new Vendhub()).getSubcommands().get("serve");
        Map<String, String> byOption = new HashMap<>();
        serve.getCommandSpec().options().forEach(o -> byOption.put(o.longestName(), EnvironmentDefaults.variableOf(o)));
        assertThat(byOption).containsEntry("--db-url", "VENDHUB_DB_URL").containsEntry("--mqtt-port", "VENDHUB_MQTT_PORT")
                .containsEntry("--http-port", "VENDHUB_HTTP_PORT").containsEntry("--jwt-secret", "JWT_ACCESS_SECRET");
    }

    @Test
    void aVariableSetsItsOptionThroughTheProcessCommandLine() {
        List<String> warnings = new ArrayList<>();
        CommandLine cli = CommandLineVocabulary.apply(new CommandLine(new Vendhub()), Map.of(
                "VENDHUB_HTTP_PORT", "9090", "JWT_ACCESS_SECRET", "from-the-contract-0123456789abcdef",
                "VENDHUB_RECOVERY_MAX_SESSIONS", "7", "VENDHUB_LOW_LEVEL_THRESHOLDS", "Cups=10",
                "VENDHUB_STATUS_INTERVAL", "3m"), warnings::add);
        ServeCommand serve = (ServeCommand) cli.parseArgs("serve").subcommand().commandSpec().userObject();
        assertThat(serve.http.port).isEqualTo(9090);
        assertThat(serve.jwt.secret()).isEqualTo("from-the-contract-0123456789abcdef");
        assertThat(serve.http.recoveryMaxSessions).isEqualTo(7);
        assertThat(serve.alerts.thresholdsFor).containsExactly("Cups=10");
        assertThat(serve.status.interval).isEqualTo(java.time.Duration.ofMinutes(3));
        assertThat(warnings).singleElement().asString().contains("VENDHUB_LOW_LEVEL_THRESHOLD_FOR");
    }

    @Test
    void helpPrintsEveryDefaultAsThePageDoes() {
        // Without the environment, as the page is made: one formatter, so the same text in both.
        ConfigurationDoc.roots().forEach(root -> {
            CommandLineVocabulary.apply(root, Map.of(), warning -> { });
            walkHelp(root);
        });
        String serveHelp = CommandLineVocabulary.apply(new CommandLine(new Vendhub()), Map.of(), warning -> { })
                .getSubcommands().get("serve").getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(serveHelp).contains("(env VENDHUB_EMBEDDED_DB_DURABILITY, default full)");
    }

    private static void walkHelp(CommandLine cli) {
        String help = cli.getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
        assertThat(help).as(cli.getCommandSpec().qualifiedName()).doesNotContain("default null");
        for (OptionSpec option : ConfigurationDoc.documented(cli.getCommandSpec())) {
            String text = ConfigurationDoc.defaultOf(option).replace("`", "");
            String env = "(env " + EnvironmentDefaults.variableOf(option) + (text.isEmpty() ? ")" : ", default " + text + ")");
            assertThat(help).as(cli.getCommandSpec().qualifiedName() + " " + option.longestName()).contains(env);
        }
        cli.getSubcommands().values().forEach(ConfigurationDocTest::walkHelp);
    }

    @Test
    void everyBoundOfTheHttpPortIsAnOption() {
        CommandLine serve = new CommandLine(new Vendhub()).getSubcommands().get("serve");
        long httpOptions = serve.getCommandSpec().mixins().get("http").options().size();
        assertThat(httpOptions).isEqualTo(FanoutConfig.class.getRecordComponents().length);
    }

    private static void forEachCommand(BiConsumer<String, List<OptionSpec>> check) {
        ConfigurationDoc.roots().forEach(root -> walk(root, check));
    }

    private static void walk(CommandLine cli, BiConsumer<String, List<OptionSpec>> check) {
        check.accept(cli.getCommandSpec().qualifiedName(), cli.getCommandSpec().options().stream()
                .filter(EnvironmentDefaults::readsEnvironment).toList());
        cli.getSubcommands().values().forEach(sub -> walk(sub, check));
    }
}
