package com.vendhub.realtime.broker.startup;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first connection to a process's database, retried with backoff for up to {@code --db-wait}, since in
 * containers and under systemd the database often starts after the application (docs/operations.md, "Start-up
 * failures and exit codes"). Refused credentials and a missing database are not retried: waiting does not fix
 * them. What is still wrong when the wait ends is a {@link StartupFailure.Cause#DATABASE} failure naming the cause
 * and the option to check.
 */
public final class DatabaseWait {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseWait.class);
    private static final Pattern HOST_PORT = Pattern.compile("^jdbc:postgresql://([^/:?,]+|\\[[^]]+])(?::(\\d+))?");
    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(4);
    /** How often the wait says what it waits for. */
    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);
    /** pgjdbc's connect and login bounds of one attempt, seconds. */
    private static final String ATTEMPT_SECONDS = "5";

    private final String url;
    private final String user;
    private final String password;
    private final String where;

    /** @param url a pgjdbc URL; {@code user} and {@code password} may be null (then the URL's own are used) */
    public DatabaseWait(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.where = hostAndPort(url);
    }

    /** Returns once a connection opens, or throws the failure that is left after {@code wait}. */
    public void await(Duration wait) throws InterruptedException {
        long start = System.nanoTime();
        long nextReport = start;
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            SQLException refused;
            try (Connection ignored = DriverManager.getConnection(url, properties())) {
                if (attempt > 1) {
                    LOG.info("the database at {} answers, after {} s", where,
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
                }
                return;
            } catch (SQLException e) {
                refused = e;
            }
            String state = refused.getSQLState() == null ? "" : refused.getSQLState();
            if (state.startsWith("28")) {
                throw new StartupFailure(StartupFailure.Cause.DATABASE, "the database at " + where
                        + " refused the credentials" + (user == null ? "" : " of user " + user) + ": check "
                        + StartupFailure.option("--db-user") + " and " + StartupFailure.option("--db-password"),
                        refused);
            }
            if (state.equals("3D000")) {
                throw new StartupFailure(StartupFailure.Cause.DATABASE, "the database at " + where
                        + " has no database by the name in the URL: create it or check "
                        + StartupFailure.option("--db-url"), refused);
            }
            String reason = reason(refused);
            long waited = System.nanoTime() - start;
            if (waited >= wait.toNanos()) {
                throw new StartupFailure(StartupFailure.Cause.DATABASE, "cannot reach the database at " + where
                        + " (" + reason + "): is PostgreSQL running? check " + StartupFailure.option("--db-url")
                        + (wait.isZero() ? "" : System.lineSeparator() + "gave up after " + wait.toSeconds()
                                + " s (" + StartupFailure.option("--db-wait") + ")"), refused);
            }
            if (System.nanoTime() >= nextReport) {
                LOG.info("waiting for the database at {} ({}), {} s of {} s", where, reason,
                        TimeUnit.NANOSECONDS.toSeconds(waited), wait.toSeconds());
                nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
            }
            long left = wait.toNanos() - (System.nanoTime() - start);
            Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(pause.toNanos(), left))));
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", ATTEMPT_SECONDS);
        p.setProperty("loginTimeout", ATTEMPT_SECONDS);
        return p;
    }

    /** Why a connection did not open, in a few words: the network cause when there is one. */
    private static String reason(SQLException refused) {
        for (Throwable t = refused; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            } else if (t instanceof UnknownHostException) {
                return "unknown host";
            } else if (t instanceof NoRouteToHostException) {
                return "no route to host";
            } else if (t instanceof SocketTimeoutException) {
                return "timed out";
            }
        }
        if ("57P03".equals(refused.getSQLState())) {
            return "the database system is starting up";
        }
        String message = String.valueOf(refused.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** {@code host:port} of a pgjdbc URL (5432 when it names none), or the URL without its parameters. */
    static String hostAndPort(String url) {
        Matcher m = HOST_PORT.matcher(url);
        if (!m.find()) {
            int query = url.indexOf('?');
            return query < 0 ? url : url.substring(0, query);
        }
        return m.group(1) + ":" + (m.group(2) == null ? "5432" : m.group(2));
    }
}
