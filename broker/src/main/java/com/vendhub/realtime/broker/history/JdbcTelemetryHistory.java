package com.vendhub.realtime.broker.history;

import com.vendhub.realtime.fanout.history.BunkerLevelStats;
import com.vendhub.realtime.fanout.history.HistoryPoint;
import com.vendhub.realtime.fanout.history.HistorySeries;
import com.vendhub.realtime.fanout.history.MinAvgMax;
import com.vendhub.realtime.fanout.history.TelemetryHistory;
import com.vendhub.realtime.schema.migration.TimescaleMigration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@link TelemetryHistory} over the shared database. On TimescaleDB it buckets with {@code
 * time_bucket} and, when the bucket is a whole number of hours and {@code from}/{@code to} fall on whole
 * hours, reads the hourly continuous aggregates instead of the raw rows (exact averages from their sums
 * and counts); on plain PostgreSQL it buckets the raw rows with {@code date_bin}. Both align buckets to
 * {@link TelemetryHistory#BUCKET_ORIGIN}, so they give the same answer.
 */
public final class JdbcTelemetryHistory implements TelemetryHistory {

    /** Default bound on one history query; a slower one fails (500) rather than hold a worker. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(30);

    private static final String ORIGIN = "TIMESTAMPTZ '2000-01-01 00:00:00+00'";
    private static final Duration HOUR = Duration.ofHours(1);

    private final DataSource dataSource;
    private final Duration queryTimeout;
    private volatile Layout layout;

    /** What the database offers; looked up on first use (a fan-out node may start before the migration). */
    private record Layout(boolean timescale, boolean hourlyAggregates) {
    }

    public JdbcTelemetryHistory(DataSource dataSource, Duration queryTimeout) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.queryTimeout = Objects.requireNonNull(queryTimeout, "queryTimeout");
    }

    @Override
    public HistorySeries buckets(UUID machineId, Instant from, Instant to, Duration bucket) {
        try (Connection c = dataSource.getConnection()) {
            Layout l = layout(c);
            boolean aggregate = l.hourlyAggregates() && bucket.toSeconds() % HOUR.toSeconds() == 0
                    && onWholeHour(from) && onWholeHour(to);
            String bin = l.timescale() ? "time_bucket" : "date_bin";
            String telemetrySql;
            String bunkerSql;
            if (aggregate) {
                telemetrySql = "SELECT time_bucket(CAST(? AS interval), bucket, " + ORIGIN + ") AS t, sum(samples),"
                        + " min(temperature_min), sum(temperature_sum) / sum(samples)::float8, max(temperature_max),"
                        + " min(humidity_min), sum(humidity_sum) / sum(samples)::float8, max(humidity_max)"
                        + " FROM " + TimescaleMigration.TELEMETRY_HOURLY
                        + " WHERE machine_id = ? AND bucket >= ? AND bucket < ? GROUP BY 1 ORDER BY 1";
                bunkerSql = "SELECT time_bucket(CAST(? AS interval), bucket, " + ORIGIN + ") AS t, bunker_id,"
                        + " (array_agg(ingredient_name ORDER BY bucket DESC))[1], min(level_min),"
                        + " sum(level_sum) / sum(samples)::float8, max(level_max), max(max_level)"
                        + " FROM " + TimescaleMigration.BUNKER_LEVELS_HOURLY
                        + " WHERE machine_id = ? AND bucket >= ? AND bucket < ? GROUP BY 1, 2 ORDER BY 1, 2";
            } else {
                telemetrySql = "SELECT " + bin + "(CAST(? AS interval), ts, " + ORIGIN + ") AS t, count(*),"
                        + " min(temperature), avg(temperature), max(temperature),"
                        + " min(humidity), avg(humidity), max(humidity)"
                        + " FROM telemetry WHERE machine_id = ? AND ts >= ? AND ts < ? GROUP BY 1 ORDER BY 1";
                bunkerSql = "SELECT " + bin + "(CAST(? AS interval), ts, " + ORIGIN + ") AS t, bunker_id,"
                        + " (array_agg(ingredient_name ORDER BY ts DESC))[1], min(current_level),"
                        + " avg(current_level), max(current_level), max(max_level)"
                        + " FROM bunker_levels WHERE machine_id = ? AND ts >= ? AND ts < ? GROUP BY 1, 2 ORDER BY 1, 2";
            }
            Map<Instant, Point> points = new LinkedHashMap<>();
            try (PreparedStatement st = prepare(c, telemetrySql, machineId, from, to, bucket);
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Point p = points.computeIfAbsent(instant(rs), Point::new);
                    p.samples = rs.getLong(2);
                    p.temperature = new MinAvgMax(rs.getDouble(3), rs.getDouble(4), rs.getDouble(5));
                    p.humidity = new MinAvgMax(rs.getDouble(6), rs.getDouble(7), rs.getDouble(8));
                }
            }
            try (PreparedStatement st = prepare(c, bunkerSql, machineId, from, to, bucket);
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    // A bucket with bunker rows but no telemetry row cannot come from ingest; kept, not dropped.
                    points.computeIfAbsent(instant(rs), Point::new).bunkers.add(new BunkerLevelStats(
                            rs.getObject(2, UUID.class), rs.getString(3),
                            new MinAvgMax(rs.getDouble(4), rs.getDouble(5), rs.getDouble(6)), rs.getDouble(7)));
                }
            }
            List<HistoryPoint> out = new ArrayList<>(points.size());
            points.values().stream().sorted((a, b) -> a.t.compareTo(b.t)).forEach(p -> out.add(p.toPoint()));
            return new HistorySeries(aggregate ? HistorySeries.HOURLY_AGGREGATE : HistorySeries.RAW, out);
        } catch (SQLException e) {
            throw new IllegalStateException("telemetry history query failed: " + e.getMessage(), e);
        }
    }

    private PreparedStatement prepare(Connection c, String sql, UUID machineId, Instant from, Instant to,
            Duration bucket) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        st.setQueryTimeout((int) Math.max(1, queryTimeout.toSeconds()));
        st.setString(1, bucket.toSeconds() + " seconds");
        st.setObject(2, machineId);
        st.setObject(3, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        st.setObject(4, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        return st;
    }

    private Layout layout(Connection c) throws SQLException {
        Layout l = layout;
        if (l != null) {
            return l;
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'),"
                     + " to_regclass('" + TimescaleMigration.TELEMETRY_HOURLY + "') IS NOT NULL"
                     + " AND to_regclass('" + TimescaleMigration.BUNKER_LEVELS_HOURLY + "') IS NOT NULL")) {
            rs.next();
            l = new Layout(rs.getBoolean(1), rs.getBoolean(1) && rs.getBoolean(2));
        }
        layout = l;
        return l;
    }

    private static boolean onWholeHour(Instant at) {
        return at.getNano() == 0 && Math.floorMod(at.getEpochSecond(), HOUR.toSeconds()) == 0;
    }

    private static Instant instant(ResultSet rs) throws SQLException {
        return rs.getObject(1, OffsetDateTime.class).toInstant();
    }

    /** A bucket being filled from the two result sets. */
    private static final class Point {
        private final Instant t;
        private long samples;
        private MinAvgMax temperature;
        private MinAvgMax humidity;
        private final List<BunkerLevelStats> bunkers = new ArrayList<>();

        Point(Instant t) {
            this.t = t;
        }

        HistoryPoint toPoint() {
            return new HistoryPoint(t, samples, temperature, humidity, bunkers);
        }
    }
}
