package com.vendhub.realtime.broker.testing;

import com.vendhub.realtime.broker.db.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL that an outage test stops and starts again on the same data directory and
 * port, so that a server configured with {@link #url()} sees the same database come back.
 */
public final class StoppableDatabase implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedDatabase running;

    private StoppableDatabase(Path dataDirectory, int port) throws IOException {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.running = EmbeddedDatabase.start(dataDirectory, port);
    }

    /** A database in {@code dataDirectory} on a free port. */
    public static StoppableDatabase start(Path dataDirectory) throws IOException {
        return new StoppableDatabase(dataDirectory, ServerProcess.freePort());
    }

    /** The JDBC URL with the superuser, as {@code --db-url} takes it. */
    public String url() {
        return jdbcUrl() + "?user=postgres";
    }

    /** The JDBC URL without a user. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** The outage: the database process stops. */
    public void stop() throws IOException {
        EmbeddedDatabase stopping = running;
        running = null;
        stopping.close();
    }

    /** The end of the outage: the same database on the same port. */
    public void restart() throws IOException {
        running = EmbeddedDatabase.start(dataDirectory, port);
    }

    @Override
    public void close() throws IOException {
        if (running != null) {
            stop();
        }
    }
}
