package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.app.EmbeddedDatabaseSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The data directory of {@code vendhub serve}, which {@code migrate} and {@code machines} open too. */
final class DataDirectoryOptions {

    @Option(names = "--data-dir",
            description = "Data directory: embedded database, generated JWT secret, default spool; survives restarts.")
    Path dataDirectory = EmbeddedDatabaseSettings.DEFAULT_DATA_DIRECTORY;
}
