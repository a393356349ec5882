package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.schema.config.CommandLineVocabulary;
import com.vendhub.realtime.schema.config.EnvironmentDefaults;
import com.vendhub.realtime.sim.cli.SimCommand;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Writes docs/configuration.md from the picocli models of {@code vendhub} and {@code vendhub-sim}:
 * the hand-written intro ({@code configuration-intro.markdown} among the test resources), the old
 * spellings still read, then per command one table per option group with each option's variable,
 * default and meaning. The models are built without the environment, so a default is the one written
 * in the settings record. {@code ConfigurationDocTest} fails when the checked-in page differs.
 */
public final class ConfigurationDoc {

    /** How to regenerate, as the page and the failing test say it. */
    static final String REGENERATE = "mvn -B -ntp -pl broker -am test -Dtest=ConfigurationDocTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dvendhub.docs.write=true";

    /** Headings of the option groups, by mixin class; a command's own options come last as "Other options". */
    private static final Map<String, String> GROUP_TITLES = Map.ofEntries(
            Map.entry("HttpServerOptions", "HTTP and Socket.IO"),
            Map.entry("MqttListenerOptions", "MQTT listener"),
            Map.entry("DatabaseOptions", "Database"),
            Map.entry("EmbeddedDatabaseOptions", "Embedded database"),
            Map.entry("DataDirectoryOptions", "Data directory"),
            Map.entry("JwtOptions", "Tokens"),
            Map.entry("JwtSecretOptions", "Tokens"),
            Map.entry("DeviceOptions", "Devices"),
            Map.entry("IngestOptions", "Spool and batching"),
            Map.entry("BatchOptions", "Batching"),
            Map.entry("AlertOptions", "Alerts and forecasts"),
            Map.entry("EventWriterOptions", "Events writer and dead letters"),
            Map.entry("TimescaleOptions", "TimescaleDB"),
            Map.entry("HistoryOptions", "Telemetry history"),
            Map.entry("ReadinessOptions", "Readiness"),
            Map.entry("DatabaseCheckOptions", "Readiness"),
            Map.entry("ValidationOptions", "Telemetry validation"),
            Map.entry("StatusLineOptions", "Status line"),
            Map.entry("MonitoringOptions", "Metrics and health"),
            Map.entry("ShutdownOptions", "Shutdown"),
            Map.entry("ExternalBrokerOptions", "External MQTT broker"),
            Map.entry("TopicPrefixOptions", "Topics"),
            Map.entry("ApiOptions", "REST API of the running server"),
            Map.entry("AdminApiOptions", "REST API of the running server"),
            Map.entry("BrokerOptions", "MQTT broker"));

    private ConfigurationDoc() {
    }

    /** Writes the page into {@code docs/} of the repository at {@code args[0]} (default: the parent directory). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "..");
        Files.writeString(root.resolve("docs/configuration.md"), generate(), StandardCharsets.UTF_8);
    }

    /** The whole page. */
    static String generate() throws IOException {
        StringBuilder page = new StringBuilder();
        page.append(intro());
        // The intro ends with the heading "Renamed in this release" and its flags; the variables follow.
        page.append("\nThe old environment variables below are still read in this release, with a warning naming the "
                + "new one; a new name that is set wins.\n\n");
        page.append("| old variable | new variable |\n| --- | --- |\n");
        new TreeMap<>(EnvironmentDefaults.deprecatedNames()).forEach((now, old) ->
                old.forEach(o -> page.append("| `").append(o).append("` | `").append(now).append("` |\n")));
        for (CommandLine root : roots()) {
            command(page, root);
        }
        return page.toString();
    }

    /** Both command trees as they are built, without the environment. */
    static List<CommandLine> roots() {
        return List.of(new CommandLine(new Vendhub()), new CommandLine(new SimCommand()));
    }

    /** Every option of {@code spec} that belongs in the tables: not help or version, not hidden, not inherited (its own command lists it once). */
    static List<OptionSpec> documented(CommandSpec spec) {
        return spec.options().stream().filter(EnvironmentDefaults::readsEnvironment).filter(o -> !o.hidden())
                .filter(o -> !o.inherited()).toList();
    }

    private static String intro() throws IOException {
        try (InputStream in = ConfigurationDoc.class.getResourceAsStream("/configuration-intro.markdown")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{REGENERATE}}", REGENERATE);
        }
    }

    private static void command(StringBuilder page, CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        List<OptionSpec> all = documented(spec);
        if (!all.isEmpty()) {
            page.append("\n## ").append(spec.qualifiedName()).append("\n\n");
            String description = String.join(" ", spec.usageMessage().description());
            if (!description.isBlank()) {
                page.append(description.strip()).append("\n");
            }
            Set<OptionSpec> listed = new LinkedHashSet<>();
            Map<String, List<OptionSpec>> groups = new java.util.LinkedHashMap<>();
            spec.mixins().forEach((name, mixin) -> {
                List<OptionSpec> options = new ArrayList<>();
                for (OptionSpec option : documented(mixin)) {
                    // The command's copy of the mixin's option: the one its tables are about.
                    OptionSpec own = spec.findOption(option.longestName());
                    if (own != null && listed.add(own)) {
                        options.add(own);
                    }
                }
                if (!options.isEmpty()) {
                    String title = GROUP_TITLES.getOrDefault(mixin.userObject().getClass().getSimpleName(), name);
                    groups.computeIfAbsent(title, t -> new ArrayList<>()).addAll(options);
                }
            });
            List<OptionSpec> own = all.stream().filter(o -> !listed.contains(o)).toList();
            if (!own.isEmpty()) {
                groups.computeIfAbsent(groups.isEmpty() ? "Options" : "Other options", t -> new ArrayList<>())
                        .addAll(own);
            }
            groups.forEach((title, options) -> table(page, title, options, groups.size() > 1));
        }
        cli.getSubcommands().values().stream().distinct().forEach(sub -> command(page, sub));
    }

    private static void table(StringBuilder page, String title, List<OptionSpec> options, boolean heading) {
        if (heading) {
            page.append("\n### ").append(title).append("\n");
        }
        page.append("\n| option | environment | default | meaning |\n| --- | --- | --- | --- |\n");
        for (OptionSpec option : options) {
            page.append("| `").append(String.join("`, `", option.names())).append("` | `")
                    .append(EnvironmentDefaults.variableOf(option)).append("` | ")
                    .append(defaultOf(option)).append(" | ")
                    .append(cell(String.join(" ", option.description()))).append(" |\n");
        }
    }

    /** The value the option has when neither the command line nor the environment sets it, as --help prints it. */
    static String defaultOf(OptionSpec option) {
        String text = CommandLineVocabulary.defaultText(option);
        return text.isEmpty() ? "" : "`" + text + "`";
    }

    private static String cell(String text) {
        // Markdown would take <data-dir> for an HTML tag.
        return text.strip().replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ");
    }
}
