package com.vendhub.realtime.schema.config;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Reads every option's value from the environment by one rule (docs/configuration.md, "Environment
 * variables"): {@code --foo-bar} reads {@code VENDHUB_FOO_BAR}. The contract fixes one name otherwise
 * ({@code --jwt-secret} reads {@code JWT_ACCESS_SECRET}, docs/contract.md, "Command line"), and the spellings
 * used before this rule are still read for one release, with a warning naming the new one. A value
 * given on the command line wins; an empty variable counts as unset.
 */
public final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {

    /** The last lines of every command's {@code --help}: the rule and where every option is listed. */
    public static final String HELP_FOOTER = "Every option --foo-bar also reads the environment variable VENDHUB_FOO_BAR "
            + "(--jwt-secret: JWT_ACCESS_SECRET); durations are ISO-8601 such as PT5S. See docs/configuration.md.";

    /** First part of every variable the rule makes. */
    public static final String PREFIX = "VENDHUB_";

    /** Options whose variable the contract names. */
    private static final Map<String, String> CONTRACT_NAMES = Map.of("--jwt-secret", "JWT_ACCESS_SECRET");

    /** New variable to the old spellings still read for this release (docs/configuration.md, "Renamed in this release"). */
    private static final Map<String, List<String>> DEPRECATED = Map.ofEntries(
            Map.entry("VENDHUB_TOPIC_PREFIX", List.of("VENDHUB_MQTT_TOPIC_PREFIX")),
            Map.entry("VENDHUB_LOW_LEVEL_THRESHOLD_FOR", List.of("VENDHUB_LOW_LEVEL_THRESHOLDS")),
            Map.entry("VENDHUB_CREDENTIALS", List.of("VENDHUB_SIM_CREDENTIALS")),
            Map.entry("VENDHUB_INTERVAL", List.of("VENDHUB_SIM_INTERVAL")),
            Map.entry("VENDHUB_JITTER", List.of("VENDHUB_SIM_JITTER")),
            Map.entry("VENDHUB_SEED", List.of("VENDHUB_SIM_SEED")),
            Map.entry("VENDHUB_DURATION", List.of("VENDHUB_SIM_DURATION")),
            Map.entry("VENDHUB_TIME_ZONE", List.of("VENDHUB_SIM_TIME_ZONE")),
            Map.entry("VENDHUB_CONNECT_TIMEOUT", List.of("VENDHUB_SIM_CONNECT_TIMEOUT")),
            Map.entry("VENDHUB_KEEP_ALIVE", List.of("VENDHUB_SIM_KEEP_ALIVE")),
            Map.entry("VENDHUB_NETTY_THREADS", List.of("VENDHUB_SIM_NETTY_THREADS")),
            Map.entry("VENDHUB_SCHEDULER_THREADS", List.of("VENDHUB_SIM_SCHEDULER_THREADS")),
            Map.entry("VENDHUB_MAX_PENDING_CONNECTS", List.of("VENDHUB_SIM_MAX_PENDING_CONNECTS")),
            Map.entry("VENDHUB_PROVISION", List.of("VENDHUB_SIM_PROVISION")),
            Map.entry("VENDHUB_ORG", List.of("VENDHUB_SIM_ORG")),
            Map.entry("VENDHUB_DROPS_PER_DAY", List.of("VENDHUB_SIM_DROPS_PER_DAY")),
            Map.entry("VENDHUB_MEAN_OFFLINE", List.of("VENDHUB_SIM_MEAN_OFFLINE")),
            Map.entry("VENDHUB_OFFLINE_BUFFER", List.of("VENDHUB_SIM_OFFLINE_BUFFER")),
            Map.entry("VENDHUB_PROGRESS_EVERY", List.of("VENDHUB_SIM_PROGRESS_EVERY")));

    private final Map<String, String> environment;
    private final Consumer<String> warnings;
    private final Set<String> warned = new HashSet<>();

    /** The process environment, warnings logged; the form picocli instantiates from {@code @Command}. */
    public EnvironmentDefaults() {
        this(System.getenv(), LoggerFactory.getLogger(EnvironmentDefaults.class)::warn);
    }

    /** This environment; {@code warnings} receives one line per deprecated variable that is read. */
    public EnvironmentDefaults(Map<String, String> environment, Consumer<String> warnings) {
        this.environment = Map.copyOf(environment);
        this.warnings = warnings;
    }

    /** The variable an option reads: the contract's name, else {@code VENDHUB_} and the option's longest name. */
    public static String variableOf(OptionSpec option) {
        return variableOf(option.longestName());
    }

    /** The variable of the option named {@code longName} ({@code --foo-bar}). */
    public static String variableOf(String longName) {
        String contract = CONTRACT_NAMES.get(longName);
        if (contract != null) {
            return contract;
        }
        return PREFIX + longName.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** The old spellings of {@code variable} still read in this release, oldest first; empty when none. */
    private static List<String> deprecatedNamesOf(String variable) {
        return DEPRECATED.getOrDefault(variable, List.of());
    }

    /** Every variable the contract names otherwise than the rule, by option. */
    public static Map<String, String> contractNames() {
        return CONTRACT_NAMES;
    }

    /** Every deprecated spelling, by the variable that replaces it. */
    public static Map<String, List<String>> deprecatedNames() {
        return DEPRECATED;
    }

    /**
     * Whether an option reads the environment at all: help and version switches do not, and neither does a
     * hidden (deprecated) option: its variable would be one nobody documents, and may be another
     * program's ({@code vendhub-sim --mqtt-port} would read {@code VENDHUB_MQTT_PORT}, the server's listen
     * port, docs/contract.md, "Command line").
     */
    public static boolean readsEnvironment(OptionSpec option) {
        return !option.usageHelp() && !option.versionHelp() && !option.hidden();
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || !readsEnvironment(option)) {
            return null;
        }
        String variable = variableOf(option);
        String value = valueOf(variable);
        if (value != null) {
            return value;
        }
        for (String old : deprecatedNamesOf(variable)) {
            value = valueOf(old);
            if (value != null) {
                if (warned.add(old)) {
                    warnings.accept(old + " is deprecated and will be ignored in the next release; set " + variable
                            + " (" + option.longestName() + ") instead");
                }
                return value;
            }
        }
        return null;
    }

    private String valueOf(String variable) {
        String value = environment.get(variable);
        return value == null || value.isEmpty() ? null : value;
    }
}
