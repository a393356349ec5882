package com.vendhub.realtime.broker.startup;

import com.vendhub.realtime.schema.config.EnvironmentDefaults;
import java.util.Optional;

/**
 * A start-up that failed for a cause outside the program, with the sentence that names it and what to do, and the
 * exit code of its class (docs/operations.md, "Start-up failures and exit codes"). {@code vendhub} prints the
 * message alone; the stack trace only with {@code --verbose} or at DEBUG.
 */
public final class StartupFailure extends RuntimeException {

    /** The classes of failure, each with its own exit code; 2 stays picocli's usage and configuration error. */
    public enum Cause {
        /** The database is unreachable, refuses the credentials or has no such database. */
        DATABASE(3),
        /** A port this process listens on is taken. */
        PORT_IN_USE(4),
        /** The data directory is in use by another process, or cannot be written. */
        DATA_DIRECTORY(5);

        private final int exitCode;

        Cause(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Cause cause;

    public StartupFailure(Cause cause, String message, Throwable underlying) {
        super(message, underlying);
        this.cause = cause;
    }

    public Cause kind() {
        return cause;
    }

    public int exitCode() {
        return cause.exitCode();
    }

    /** The first start-up failure in {@code thrown}'s cause chain, if any. */
    public static Optional<StartupFailure> in(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StartupFailure failure) {
                return Optional.of(failure);
            }
        }
        return Optional.empty();
    }

    /** How a message names an option: {@code --db-url / VENDHUB_DB_URL}. */
    static String option(String longName) {
        return longName + " / " + EnvironmentDefaults.variableOf(longName);
    }
}
