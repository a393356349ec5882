package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.app.DurabilitySettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The bound of a graceful shutdown, the same option on {@code serve}, {@code ingest} and {@code fanout} (docs/architecture.md, "Shutdown: ordered and bounded"). */
final class ShutdownOptions {

    @Option(names = "--shutdown-timeout",
            description = "Bound of a graceful shutdown (SIGTERM): stop taking messages, write and acknowledge what "
                    + "was taken, then stop the rest; what is not written by then stays in the spool (serve) or "
                    + "unacknowledged with the broker (ingest) for the next start. At least PT2S.")
    Duration timeout = DurabilitySettings.DEFAULT_SHUTDOWN_TIMEOUT;
}
