package com.vendhub.realtime.bench.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A bare, throw-away embedded PostgreSQL for a benchmark (the library {@code vendhub serve} embeds),
 * started here rather than through the broker's internals. Durable by default, as the product runs
 * it: zonky starts the postmaster with fsync and synchronous_commit off, test settings the {@code
 * -c} options below override (PostgreSQL docs, "Write-Ahead Logging").
 */
public record BenchDatabase(EmbeddedPostgres postgres, boolean durable) implements AutoCloseable {

    /** Starts on a free port with its data in {@code dataDirectory}; {@code durable} false turns all three settings off. */
    public static BenchDatabase start(Path dataDirectory, boolean durable) throws IOException {
        Files.createDirectories(dataDirectory);
        String value = durable ? "on" : "off";
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setPort(0);
        Map.of("fsync", value, "synchronous_commit", value, "full_page_writes", value)
                .forEach(builder::setServerConfig);
        return new BenchDatabase(builder.start(), durable);
    }

    /** Parses {@code --embedded-db-durability}: {@code full} (durable) or {@code fast}. */
    public static boolean parseDurability(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "full" -> true;
            case "fast" -> false;
            default -> throw new IllegalArgumentException("embedded database durability must be 'full' or 'fast', not '"
                    + text + "'");
        };
    }

    /** JDBC URL of the {@code postgres} database, without credentials (user {@code postgres}). */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    /** The {@code postgres} database as user {@code postgres}. */
    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    /** {@code full} or {@code fast}, as {@link #parseDurability} reads it. */
    public String durability() {
        return durable ? "full" : "fast";
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
