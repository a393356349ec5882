package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.db.EmbeddedDurability;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the database is: an external PostgreSQL by URL, or the embedded one in the data directory. */
final class DatabaseOptions {

    @Option(names = "--db-url", defaultValue = "${env:VENDHUB_DB_URL}",
            description = "JDBC URL of a PostgreSQL >= 14 (env VENDHUB_DB_URL). Without it, an embedded PostgreSQL "
                    + "runs with its data in --data-dir.")
    String url;

    @Option(names = "--db-user", defaultValue = "${env:VENDHUB_DB_USER}", description = "Database user (env VENDHUB_DB_USER).")
    String user;

    @Option(names = "--db-password", defaultValue = "${env:VENDHUB_DB_PASSWORD}",
            description = "Database password (env VENDHUB_DB_PASSWORD).")
    String password;

    @Option(names = "--data-dir", defaultValue = "${env:VENDHUB_DATA_DIR:-vendhub-data}",
            description = "Data directory: embedded database, generated JWT secret (env VENDHUB_DATA_DIR, default ${DEFAULT-VALUE}).")
    Path dataDirectory;

    @Option(names = "--embedded-db-port", defaultValue = "${env:VENDHUB_EMBEDDED_DB_PORT:-0}",
            description = "Port of the embedded PostgreSQL, 0 for any free one (env VENDHUB_EMBEDDED_DB_PORT).")
    int embeddedPort;

    @Option(names = "--embedded-db-durability", defaultValue = "${env:VENDHUB_EMBEDDED_DB_DURABILITY:-full}",
            converter = DurabilityConverter.class,
            description = "How the embedded PostgreSQL writes to disk: 'full' (fsync, synchronous_commit and "
                    + "full_page_writes on: a power loss keeps what was acknowledged) or 'fast' (all three off: for "
                    + "tests only) (env VENDHUB_EMBEDDED_DB_DURABILITY, default ${DEFAULT-VALUE}).")
    EmbeddedDurability embeddedDurability;

    /** picocli converter: {@code full} or {@code fast}, any case. */
    static final class DurabilityConverter implements picocli.CommandLine.ITypeConverter<EmbeddedDurability> {
        @Override
        public EmbeddedDurability convert(String value) {
            return EmbeddedDurability.parse(value);
        }
    }

    boolean embedded() {
        return url == null || url.isBlank();
    }
}
