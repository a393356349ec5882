package com.vendhub.realtime.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.broker.db.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code vendhub migrate} against the embedded database of a data directory, as an operator runs it. */
class MigrateCommandTest {

    @Test
    void migratesTheEmbeddedDatabaseOfADataDirectoryAndIsIdempotent() throws Exception {
        Path data = Files.createTempDirectory("vendhub-migrate-");
        assertThat(new CommandLine(new Vendhub()).execute("migrate", "--data-dir", data.toString())).isZero();
        assertThat(new CommandLine(new Vendhub()).execute("migrate", "--data-dir", data.toString())).isZero();

        try (EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("postgres"), 0);
             Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", "");
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM flyway_schema_history WHERE success")) {
            rs.next();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void anUnreachableDatabaseIsAClearFailureNotAHang() {
        int exit = Vendhub.commandLine().execute("migrate", "--db-url",
                "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1", "--db-wait", "PT0S");
        assertThat(exit).isEqualTo(3);
    }
}
