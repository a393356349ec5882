package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.assembly.StatusLine;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The one-line summary that {@code serve} and {@code ingest} log. */
final class StatusLineOptions {

    @Option(names = "--status-interval", description = "How often to log the one-line summary; PT0S for never.")
    Duration interval = StatusLine.DEFAULT_INTERVAL;
}
