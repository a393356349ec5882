package com.vendhub.realtime.sim.cli;

import com.vendhub.realtime.schema.config.CommandLineVocabulary;
import picocli.CommandLine;

/** Entry point of {@code vendhub-sim} (the shaded jar's Main-Class). */
public final class VendhubSim {

    /** The simulator's Logback configuration, named so it never shadows the broker's {@code logback.xml} in a shared jar. */
    static final String LOGBACK_CONFIG = "logback-vendhub-sim.xml";
    private static final String LOGBACK_PROPERTY = "logback.configurationFile";

    private VendhubSim() {
    }

    public static void main(String[] args) {
        // Must happen before the first logger is created; an operator's own setting wins.
        if (System.getProperty(LOGBACK_PROPERTY) == null) {
            System.setProperty(LOGBACK_PROPERTY, LOGBACK_CONFIG);
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    static CommandLine commandLine() {
        return CommandLineVocabulary.apply(new CommandLine(new SimCommand()).setCaseInsensitiveEnumValuesAllowed(true));
    }
}
