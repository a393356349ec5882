package com.vendhub.realtime.schema.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A migrated database of its own for one test: its JDBC URL (with the credentials, user {@code postgres}
 * on the embedded server) and a DataSource.
 */
public record TestDatabase(String jdbcUrl, DataSource dataSource) {

    /** Runs a {@code SELECT count(*) ...} and returns the count. */
    public long count(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Runs one statement that returns no rows. */
    public void execute(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
