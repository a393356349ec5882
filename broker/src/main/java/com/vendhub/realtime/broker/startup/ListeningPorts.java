package com.vendhub.realtime.broker.startup;

import com.vendhub.realtime.schema.config.EnvironmentDefaults;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Locale;

/**
 * The ports a process will listen on, bound for a moment and released before anything starts, so that a taken
 * port is one line naming its option rather than a {@link BindException} after the database, spool and ingest
 * have started (docs/operations.md, "Start-up failures and exit codes"). A port given as 0 is any free one and
 * is not checked; a port taken between this check and the real bind still fails, with the plain exception.
 */
public final class ListeningPorts {

    /** One listening port and the option that sets it. */
    public record Port(String option, String host, int port) {
    }

    private ListeningPorts() {
    }

    /** Throws a {@link StartupFailure.Cause#PORT_IN_USE} failure for the first of {@code ports} that cannot be bound. */
    public static void requireFree(List<Port> ports) {
        for (Port p : ports) {
            if (p.port() == 0) {
                continue;
            }
            // SO_REUSEADDR as the servers set it: a port in TIME_WAIT after a restart is free for them too.
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(p.host(), p.port()));
            } catch (BindException e) {
                throw new StartupFailure(StartupFailure.Cause.PORT_IN_USE, describe(p) + (inUse(e)
                        ? " is in use by another process: choose another port or stop it"
                        : " cannot be bound on " + p.host() + " (" + e.getMessage() + "): choose another port or --host"),
                        e);
            } catch (IOException e) {
                throw new StartupFailure(StartupFailure.Cause.PORT_IN_USE, describe(p) + " cannot be bound on "
                        + p.host() + " (" + e.getMessage() + "): check --host and the port", e);
            }
        }
    }

    private static boolean inUse(BindException e) {
        return e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("in use");
    }

    /** {@code --http-port 8080 (VENDHUB_HTTP_PORT)}. */
    private static String describe(Port p) {
        return p.option() + " " + p.port() + " (" + EnvironmentDefaults.variableOf(p.option()) + ")";
    }
}
