package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.schema.config.CommandLineVocabulary;
import com.vendhub.realtime.schema.config.EnvironmentDefaults;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vendhub} command: {@code serve}, {@code fanout}, {@code ingest}, {@code migrate}, {@code machines}. */
@Command(name = "vendhub", mixinStandardHelpOptions = true, version = "vendhub 0.1.0",
        description = "VendHub Realtime: MQTT broker, telemetry ingest and Socket.IO fan-out for vending fleets.",
        footer = {"", EnvironmentDefaults.HELP_FOOTER},
        subcommands = {ServeCommand.class, FanoutCommand.class, IngestCommand.class, MigrateCommand.class,
            MachinesCommand.class})
public final class Vendhub implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree with the shared vocabulary: the environment rule and the duration format. */
    public static CommandLine commandLine() {
        return CommandLineVocabulary.apply(new CommandLine(new Vendhub()));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
