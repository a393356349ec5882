package com.vendhub.realtime.broker.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL whose data lives in {@code dataDirectory} and survives a restart, durable
 * unless told otherwise ({@link EmbeddedDurability}). pg_ctl starts the postmaster in its own session
 * ({@code setsid}), so a SIGTERM to our process group does not reach it; the library's own JVM
 * shutdown hook is switched off, because JVM hooks run at the same time and it would stop the database
 * while ingest still drains into it. Whoever starts it stops it, last ({@code VendhubServer}).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** Starts durably (initialising the directory on first use) on {@code port}, 0 for any free port. */
    public static EmbeddedDatabase start(Path dataDirectory, int port) throws IOException {
        return start(dataDirectory, port, EmbeddedDurability.FULL);
    }

    /** As above, writing to disk as {@code durability} says. */
    public static EmbeddedDatabase start(Path dataDirectory, int port, EmbeddedDurability durability)
            throws IOException {
        Files.createDirectories(dataDirectory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPort(port);
        durability.serverConfig().forEach(builder::setServerConfig);
        EmbeddedPostgres pg = builder.start();
        EmbeddedDatabase db = new EmbeddedDatabase(pg, dataDirectory);
        if (durability == EmbeddedDurability.FULL) {
            LOG.info("embedded PostgreSQL listening on localhost:{} with data in {} (durable: fsync, "
                    + "synchronous_commit and full_page_writes on)", pg.getPort(), dataDirectory);
        } else {
            LOG.warn("embedded PostgreSQL listening on localhost:{} with data in {} WITHOUT fsync, synchronous_commit "
                    + "and full_page_writes (--embedded-db-durability={}): a power loss can lose acknowledged readings "
                    + "or corrupt the data directory; for tests only", pg.getPort(), dataDirectory, durability.wire());
        }
        return db;
    }

    /** JDBC URL of the {@code postgres} database, user {@code postgres}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        LOG.info("embedded PostgreSQL stopped");
    }
}
