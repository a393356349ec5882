package com.vendhub.realtime.ingest.store;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;

/**
 * Why a write failed: the database is unreachable or busy ({@link #OUTAGE}, worth retrying the same
 * row), or it refused this row ({@link #REFUSED}: retrying it would fail forever and block whatever
 * queues behind it). Judged from the SQLSTATE (PostgreSQL, "Appendix A. Error Codes").
 */
public enum WriteFailure {

    /** The database is down, restarting, out of resources or too slow: retry with backoff. */
    OUTAGE,
    /** The database refused this row or statement (data, constraint, limit, syntax): do not retry it. */
    REFUSED;

    /** Classifies {@code e}; a failure with no SQLSTATE counts as an outage only when it is about the connection. */
    public static WriteFailure of(SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.length() == 5) {
            return outageState(state) ? OUTAGE : REFUSED;
        }
        // HikariCP's "connection is not available" is an SQLTransientConnectionException, pgjdbc's I/O
        // errors carry an IOException; both say nothing about the row.
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || e instanceof SQLNonTransientConnectionException || e instanceof SQLTimeoutException) {
            return OUTAGE;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return OUTAGE;
            }
            if (t instanceof SQLException s) {
                return of(s);
            }
        }
        return REFUSED;
    }

    private static boolean outageState(String state) {
        String cls = state.substring(0, 2);
        return switch (cls) {
            // 08 connection exception, 53 insufficient resources (disk full, out of memory, too many
            // connections), 58 system error (I/O), 40 transaction rollback (serialization, deadlock).
            case "08", "53", "58", "40" -> true;
            // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 57P04 database dropped
            // (not retryable, but neither is it the row's fault), 57014 query canceled (statement timeout).
            case "57" -> true;
            // 55P03 lock not available (lock_timeout), 55006 object in use.
            case "55" -> state.equals("55P03") || state.equals("55006");
            // Everything else, XX (internal error) included, names this statement: retrying it could
            // block the queue forever, which is worse than losing one row.
            default -> false;
        };
    }
}
