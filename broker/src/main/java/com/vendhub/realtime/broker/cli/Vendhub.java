package com.vendhub.realtime.broker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vendhub} command: {@code serve}, {@code fanout}, {@code ingest}, {@code migrate}, {@code machines}. */
@Command(name = "vendhub", mixinStandardHelpOptions = true, version = "vendhub 0.1.0",
        description = "VendHub Realtime: MQTT broker, telemetry ingest and Socket.IO fan-out for vending fleets.",
        subcommands = {ServeCommand.class, FanoutCommand.class, IngestCommand.class, MigrateCommand.class,
            MachinesCommand.class})
public final class Vendhub implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Vendhub()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
