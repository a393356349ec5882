package com.vendhub.realtime.sim.cli;

import com.vendhub.realtime.schema.config.EnvironmentDefaults;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code vendhub-sim} command; the work is done by its subcommands. */
@Command(name = "vendhub-sim",
        mixinStandardHelpOptions = true,
        versionProvider = SimVersion.class,
        description = "Simulated vending machines publishing VendHub telemetry over MQTT.",
        subcommands = {RunCommand.class, RecordCommand.class, ReplayCommand.class},
        usageHelpAutoWidth = true,
        footer = {"", EnvironmentDefaults.HELP_FOOTER})
public final class SimCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        // No subcommand given: say what there is, and fail like any other usage error.
        spec.commandLine().usage(spec.commandLine().getErr());
        return RunCommand.EXIT_USAGE;
    }
}
