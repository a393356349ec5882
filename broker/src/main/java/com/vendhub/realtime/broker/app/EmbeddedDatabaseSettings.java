package com.vendhub.realtime.broker.app;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The data directory of {@code vendhub serve} and the embedded PostgreSQL in it (docs/architecture.md,
 * "Durability model").
 *
 * @param dataDirectory the embedded database's files, the generated JWT secret and the default spool
 * @param port          port of the embedded PostgreSQL; 0 picks a free one (unused with a database URL)
 */
public record EmbeddedDatabaseSettings(Path dataDirectory, int port) {

    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("vendhub-data");
    /** Any free port: the bound one is logged, and nothing outside the process needs to know it. */
    public static final int DEFAULT_PORT = 0;

    public EmbeddedDatabaseSettings {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("embedded database port out of range: " + port);
        }
    }

    /** This data directory, any free port. */
    public static EmbeddedDatabaseSettings in(Path dataDirectory) {
        return new EmbeddedDatabaseSettings(dataDirectory, DEFAULT_PORT);
    }
}
