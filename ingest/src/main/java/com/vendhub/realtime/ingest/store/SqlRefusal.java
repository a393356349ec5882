package com.vendhub.realtime.ingest.store;

import com.vendhub.realtime.schema.text.StoredText;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Tells a database that refuses a row from a database that is away (docs/architecture.md, "The telemetry
 * writer isolates refused rows"). PostgreSQL's
 * SQL state classes (Appendix A, "PostgreSQL Error Codes"): 22 data exception (a NUL in text, a date out
 * of range, bad input syntax), 23 integrity constraint violation, 54 program limit exceeded are about
 * the rows, and retrying them can never succeed; everything else (08 connection, 53 resources, 57P
 * operator intervention, 40 rollback, no state at all) is about the database, and is retried.
 */
final class SqlRefusal {

    /** PostgreSQL's timestamptz range (docs, "Date/Time Types"): 4713 BC to 294276 AD. */
    static final Instant EARLIEST = Instant.parse("-4713-11-24T00:00:00Z");
    static final Instant LATEST = Instant.parse("+294276-12-31T23:59:59.999999Z");

    /** Longest database message kept in a dead letter or a log line. */
    static final int MAX_MESSAGE = 300;

    private SqlRefusal() {
    }

    /** Whether any exception in the chain carries a data-class SQL state. */
    static boolean isDataRefusal(SQLException e) {
        return dataState(e) != null;
    }

    /** "SQL state 22021: invalid byte sequence …", the database's own primary message, escaped and short. */
    static String describe(SQLException e) {
        SQLException x = dataState(e);
        if (x == null) {
            x = e;
        }
        String message = x.getMessage();
        // Only the primary message: pgjdbc's full text adds the failing COPY line (device text, whole rows).
        if (x instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage server = p.getServerErrorMessage();
            message = server.getMessage();
        }
        return "SQL state " + x.getSQLState() + ": " + escape(String.valueOf(message));
    }

    /**
     * {@code Timestamp.from}, refusing as the database would (SQL state 22008, datetime field overflow)
     * an instant outside PostgreSQL's range.
     */
    static Timestamp timestamp(Instant instant) throws SQLDataException {
        // Timestamp.from multiplies seconds by 1000 unchecked (JDK 17): far instants wrap around into
        // wrong but storable ones. The database's own range is checked here instead.
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new SQLDataException("timestamp out of range: " + instant, "22008");
        }
        return Timestamp.from(instant);
    }

    /** Control characters as \\uXXXX, cut at {@link #MAX_MESSAGE}: the text may echo a device's bytes. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_MESSAGE) + 16);
        for (int i = 0; i < text.length(); i++) {
            if (b.length() >= MAX_MESSAGE) {
                b.append('…');
                break;
            }
            char c = text.charAt(i);
            if (StoredText.unsafe(text, i)) {
                b.append(StoredText.escape(String.valueOf(c)));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }


    private static SQLException dataState(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                for (SQLException x = s; x != null; x = x.getNextException()) {
                    String state = x.getSQLState();
                    if (state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"))) {
                        return x;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
