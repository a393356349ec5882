package com.vendhub.realtime.schema.testing;

import com.vendhub.realtime.schema.migration.DatabaseMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Gives tests a real, migrated PostgreSQL: by default the embedded server, one per test JVM, shared
 * through JUnit's root store; when the environment variable {@value #URL_VARIABLE} names a JDBC URL,
 * that server instead (for example a TimescaleDB; its user must be allowed to create databases). Either
 * way, each test that asks for a {@link TestDatabase} gets a freshly created, migrated database of its
 * own, so tests stay independent; on an external server those databases are dropped when the run ends.
 */
public final class EmbeddedPostgresExtension implements ParameterResolver {

    /** Environment variable with the JDBC URL of an external test server (docs/operations.md, "TimescaleDB"). */
    public static final String URL_VARIABLE = "VENDHUB_TEST_DB_URL";

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        Server server = e.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Server.class, k -> Server.start(System.getenv(URL_VARIABLE)), Server.class);
        TestDatabase db = server.createDatabase();
        DatabaseMigrations.migrate(db.dataSource());
        return db;
    }

    /** The shared server; closed by JUnit when the run ends. */
    static final class Server implements ExtensionContext.Store.CloseableResource {
        private static final Pattern JDBC_URL = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?$");

        private final EmbeddedPostgres embedded;
        private final Matcher external;
        private final List<String> created = new ArrayList<>();
        private final String prefix = "t" + ProcessHandle.current().pid() + "_"
                + UUID.randomUUID().toString().substring(0, 8) + "_";
        private int counter;

        private Server(EmbeddedPostgres embedded, Matcher external) {
            this.embedded = embedded;
            this.external = external;
        }

        static Server start(String externalUrl) {
            if (externalUrl != null && !externalUrl.isBlank()) {
                Matcher m = JDBC_URL.matcher(externalUrl.strip());
                if (!m.matches()) {
                    throw new IllegalArgumentException(URL_VARIABLE
                            + " must look like jdbc:postgresql://host:port/database?user=...&password=...");
                }
                return new Server(null, m);
            }
            try {
                return new Server(EmbeddedPostgres.builder().setPort(0).start(), null);
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }

        synchronized TestDatabase createDatabase() {
            String name = prefix + (++counter);
            try (Connection c = admin().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException ex) {
                throw new IllegalStateException("cannot create test database " + name, ex);
            }
            created.add(name);
            if (embedded != null) {
                String url = "jdbc:postgresql://localhost:" + embedded.getPort() + "/" + name + "?user=postgres";
                return new TestDatabase(url, embedded.getDatabase("postgres", name));
            }
            String url = external.group(1) + name + (external.group(3) == null ? "" : external.group(3));
            return new TestDatabase(url, dataSource(url));
        }

        private DataSource admin() {
            return embedded != null ? embedded.getPostgresDatabase() : dataSource(external.group(0));
        }

        private static DataSource dataSource(String url) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(url);
            return ds;
        }

        @Override
        public synchronized void close() throws IOException {
            if (embedded != null) {
                embedded.close();
                return;
            }
            try (Connection c = admin().getConnection(); Statement s = c.createStatement()) {
                for (String name : created) {
                    s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                }
            } catch (SQLException e) {
                throw new IOException("cannot drop the test databases on " + URL_VARIABLE, e);
            }
        }
    }
}
