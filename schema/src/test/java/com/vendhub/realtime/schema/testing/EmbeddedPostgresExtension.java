package com.vendhub.realtime.schema.testing;

import com.vendhub.realtime.schema.migration.DatabaseMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real, migrated PostgreSQL: the embedded server, one per test JVM, shared through
 * JUnit's root store. Each test that asks for a {@link TestDatabase} gets a freshly created,
 * migrated database of its own.
 */
public final class EmbeddedPostgresExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        Server server = e.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Server.class, k -> Server.start(), Server.class);
        TestDatabase db = server.createDatabase();
        DatabaseMigrations.migrate(db.dataSource());
        return db;
    }

    /** The shared server; closed by JUnit when the run ends. */
    static final class Server implements ExtensionContext.Store.CloseableResource {
        private final EmbeddedPostgres embedded;
        private int counter;

        private Server(EmbeddedPostgres embedded) {
            this.embedded = embedded;
        }

        static Server start() {
            try {
                return new Server(EmbeddedPostgres.builder().setPort(0).start());
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }

        synchronized TestDatabase createDatabase() {
            String name = "t" + ProcessHandle.current().pid() + "_" + (++counter);
            DataSource admin = embedded.getPostgresDatabase();
            try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException ex) {
                throw new IllegalStateException("cannot create test database " + name, ex);
            }
            String url = "jdbc:postgresql://localhost:" + embedded.getPort() + "/" + name + "?user=postgres";
            return new TestDatabase(url, embedded.getDatabase("postgres", name));
        }

        @Override
        public void close() throws IOException {
            embedded.close();
        }
    }
}
