package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.startup.StartupFailure;
import com.vendhub.realtime.schema.config.CommandLineVocabulary;
import com.vendhub.realtime.schema.config.EnvironmentDefaults;
import java.io.PrintWriter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/** The {@code vendhub} command: {@code serve}, {@code fanout}, {@code ingest}, {@code migrate}, {@code machines}. */
@Command(name = "vendhub", mixinStandardHelpOptions = true, version = "vendhub 0.1.0",
        description = "VendHub Realtime: MQTT broker, telemetry ingest and Socket.IO fan-out for vending fleets.",
        footer = {"", EnvironmentDefaults.HELP_FOOTER, "", Vendhub.EXIT_CODES},
        subcommands = {ServeCommand.class, FanoutCommand.class, IngestCommand.class, MigrateCommand.class,
            MachinesCommand.class})
public final class Vendhub implements Runnable {

    /** The exit codes, as docs/operations.md, "Start-up failures and exit codes" has them. */
    static final String EXIT_CODES = "Exit codes: 0 done or stopped, 1 unexpected error, 2 usage or configuration, "
            + "3 database unreachable or refusing, 4 port in use, 5 data directory in use or unwritable.";

    private static final Logger LOG = LoggerFactory.getLogger(Vendhub.class);
    private static final String VERBOSE = "--verbose";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = VERBOSE, scope = ScopeType.INHERIT,
            description = "Any command: on a start-up failure, also print the stack trace under its one-line message.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command tree with the shared vocabulary (the environment rule and the duration format) and start-up
     * failures printed as their message and exit code.
     */
    public static CommandLine commandLine() {
        return CommandLineVocabulary.apply(new CommandLine(new Vendhub()))
                .setParameterExceptionHandler(Vendhub::onUsageError)
                .setExecutionExceptionHandler(Vendhub::onFailure);
    }

    /**
     * A usage or configuration error is its one line and where to look, not the whole help: {@code serve --help}
     * is some 500 lines, and the line that says what is wrong scrolled out of sight above it.
     */
    private static int onUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for its options.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** A {@link StartupFailure} anywhere in the cause chain is its message; anything else, picocli's stack trace. */
    private static int onFailure(Exception thrown, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        Optional<StartupFailure> failure = StartupFailure.in(thrown);
        failure.ifPresent(f -> err.println(f.getMessage()));
        if (failure.isEmpty() || verbose(parsed)) {
            thrown.printStackTrace(err);
        } else {
            LOG.debug("start-up failed", thrown);
        }
        err.flush();
        return failure.map(StartupFailure::exitCode).orElse(command.getCommandSpec().exitCodeOnExecutionException());
    }

    /** Whether {@code --verbose} (or its variable) is set on the command that ran. */
    private static boolean verbose(ParseResult parsed) {
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        OptionSpec option = last.commandSpec().findOption(VERBOSE);
        return option != null && Boolean.TRUE.equals(option.getValue());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
