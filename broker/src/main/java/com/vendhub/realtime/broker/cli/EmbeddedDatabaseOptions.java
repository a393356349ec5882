package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.app.DurabilitySettings;
import com.vendhub.realtime.broker.app.EmbeddedDatabaseSettings;
import com.vendhub.realtime.broker.db.EmbeddedDurability;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The embedded PostgreSQL that {@code serve} and {@code migrate} run without {@code --db-url}. */
final class EmbeddedDatabaseOptions {

    @Mixin
    DataDirectoryOptions data;

    @Option(names = "--embedded-db-port", description = "Port of the embedded PostgreSQL, 0 for any free one.")
    int port = EmbeddedDatabaseSettings.DEFAULT_PORT;

    @Option(names = "--embedded-db-durability", converter = DurabilityConverter.class,
            description = "How the embedded PostgreSQL writes to disk: 'full' (fsync, synchronous_commit and "
                    + "full_page_writes on: a power loss keeps what was acknowledged) or 'fast' (all three off: for "
                    + "tests only); see docs/architecture.md, \"Durability model\".")
    EmbeddedDurability durability = DurabilitySettings.defaults().embeddedDatabase();

    /** picocli converter: {@code full} or {@code fast}, any case. */
    static final class DurabilityConverter implements ITypeConverter<EmbeddedDurability> {
        @Override
        public EmbeddedDurability convert(String value) {
            return EmbeddedDurability.parse(value);
        }
    }

    Path dataDirectory() {
        return data.dataDirectory;
    }

    EmbeddedDatabaseSettings settings() {
        return new EmbeddedDatabaseSettings(data.dataDirectory, port);
    }
}
