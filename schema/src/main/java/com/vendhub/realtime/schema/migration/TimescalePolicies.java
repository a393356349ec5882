package com.vendhub.realtime.schema.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the retention and compression policies of the hypertables match {@link TimescaleSettings}:
 * run by {@link TimescaleMigration} and again on every start, so a changed {@code --retention} or
 * {@code --compress-after} takes effect without a new migration. A policy that already matches is
 * left alone.
 */
public final class TimescalePolicies {

    private static final Logger log = LoggerFactory.getLogger(TimescalePolicies.class);

    private TimescalePolicies() {
    }

    /** True when the database has TimescaleDB enabled and {@code telemetry} is a hypertable. */
    public static boolean hypertablesPresent(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT to_regclass('timescaledb_information.hypertables') IS NOT NULL")) {
            r.next();
            if (!r.getBoolean(1)) {
                return false;
            }
        }
        try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM timescaledb_information.hypertables "
                + "WHERE hypertable_schema = current_schema() AND hypertable_name = 'telemetry'");
             ResultSet r = st.executeQuery()) {
            return r.next();
        }
    }

    /** Adds, replaces or removes policies so that they match {@code settings}; the caller owns the transaction. */
    static void apply(Connection c, TimescaleSettings settings) throws SQLException {
        for (TimeSeriesTable t : TimeSeriesTable.ALL) {
            reconcile(c, t.name(), "policy_retention", "drop_after", settings.retention(),
                    "remove_retention_policy", "add_retention_policy");
            reconcile(c, t.name(), "policy_compression", "compress_after", settings.compressAfter(),
                    "remove_compression_policy", "add_compression_policy");
        }
    }

    private static void reconcile(Connection c, String table, String proc, String key, Optional<Duration> wanted,
            String remove, String add) throws SQLException {
        Optional<String> current = current(c, table, proc, key);
        if (wanted.isEmpty() && current.isEmpty()) {
            return;
        }
        if (wanted.isPresent() && current.isPresent() && sameInterval(c, current.get(), wanted.get())) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("SELECT " + remove + "('" + table + "', if_exists => true)");
            if (wanted.isPresent()) {
                s.execute("SELECT " + add + "('" + table + "', INTERVAL '"
                        + TimescaleSettings.interval(wanted.get()) + "')");
            }
        }
        log.info("TimescaleDB {} of {}: {} -> {}", proc, table, current.orElse("none"),
                wanted.map(TimescaleSettings::interval).orElse("none"));
    }

    private static Optional<String> current(Connection c, String table, String proc, String key) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT config->>? FROM timescaledb_information.jobs "
                + "WHERE proc_name = ? AND hypertable_schema = current_schema() AND hypertable_name = ?")) {
            st.setString(1, key);
            st.setString(2, proc);
            st.setString(3, table);
            try (ResultSet r = st.executeQuery()) {
                return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
            }
        }
    }

    private static boolean sameInterval(Connection c, String current, Duration wanted) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT ?::interval = ?::interval")) {
            st.setString(1, current);
            st.setString(2, TimescaleSettings.interval(wanted));
            try (ResultSet r = st.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    /** Runs {@link #apply} in its own transaction under an advisory lock, so concurrent starts do it once. */
    static void applyOnStart(Connection c, TimescaleSettings settings) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(hashtext('vendhub.timescale.policies'))");
            }
            if (hypertablesPresent(c)) {
                apply(c, settings);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
