package com.vendhub.realtime.broker.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.fanout.history.BunkerLevelStats;
import com.vendhub.realtime.fanout.history.HistoryPoint;
import com.vendhub.realtime.fanout.history.HistorySeries;
import com.vendhub.realtime.fanout.history.MinAvgMax;
import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * History buckets computed by the database: {@code date_bin} on plain PostgreSQL, {@code time_bucket}
 * and the hourly aggregates on TimescaleDB (with {@code VENDHUB_TEST_DB_URL}); the same answers on both.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class JdbcTelemetryHistoryTest {

    private static final UUID MACHINE = UUID.fromString("3f8e2a10-1c4b-4f0e-9a55-0c3a6d7e8f01");
    private static final UUID OTHER = UUID.fromString("3f8e2a10-1c4b-4f0e-9a55-0c3a6d7e8f02");

    @Test
    void fiveMinuteBucketsHoldMinAvgMaxOfEveryQuantity(TestDatabase db) {
        seed(db);
        HistorySeries series = history(db).buckets(MACHINE, at("10:00:00"), at("12:00:00"), Duration.ofMinutes(5));

        assertThat(series.source()).isEqualTo(HistorySeries.RAW);
        assertThat(series.points()).hasSize(24);
        HistoryPoint first = series.points().get(0);
        assertThat(first.t()).isEqualTo(at("10:00:00"));
        assertThat(first.samples()).isEqualTo(5);
        assertThat(first.temperature()).isEqualTo(new MinAvgMax(0, 2, 4));
        assertThat(first.humidity().min()).isEqualTo(40);
        assertThat(first.humidity().avg()).isCloseTo(40.4, within());
        assertThat(first.humidity().max()).isEqualTo(41);
        assertThat(first.bunkers()).extracting(BunkerLevelStats::bunkerId)
                .containsExactly(HistoryRows.SUGAR, HistoryRows.COFFEE);
        assertThat(first.bunkers().get(0)).isEqualTo(
                new BunkerLevelStats(HistoryRows.SUGAR, "Sugar", new MinAvgMax(1960, 1980, 2000), 2000));
        // The ingredient was renamed within the bucket: the newest name is the one shown.
        assertThat(first.bunkers().get(1)).isEqualTo(
                new BunkerLevelStats(HistoryRows.COFFEE, "Espresso beans", new MinAvgMax(900, 900, 900), 1000));
        assertThat(series.points().get(23).t()).isEqualTo(at("11:55:00"));
        assertThat(series.points().get(23).temperature()).isEqualTo(new MinAvgMax(115, 117, 119));
    }

    @Test
    void fromIsInclusiveToIsExclusiveAndBucketsStayOnTheGrid(TestDatabase db) {
        seed(db);
        HistorySeries series = history(db).buckets(MACHINE, at("10:02:30"), at("10:07:00"), Duration.ofMinutes(5));

        assertThat(series.points()).extracting(HistoryPoint::t).containsExactly(at("10:00:00"), at("10:05:00"));
        assertThat(series.points().get(0).temperature()).isEqualTo(new MinAvgMax(3, 3.5, 4));
        assertThat(series.points().get(1).temperature()).isEqualTo(new MinAvgMax(5, 5.5, 6));
        assertThat(series.points().get(0).bunkers().get(1).ingredientName()).isEqualTo("Espresso beans");
    }

    @Test
    void hourBucketsOnWholeHoursComeFromTheHourlyAggregateWhereItExists(TestDatabase db) {
        seed(db);
        boolean aggregates = db.count("SELECT count(*) FROM pg_class WHERE relname = 'telemetry_hourly'") == 1;
        String expectedSource = aggregates ? HistorySeries.HOURLY_AGGREGATE : HistorySeries.RAW;

        assertHourly(history(db).buckets(MACHINE, at("10:00:00"), at("12:00:00"), Duration.ofHours(1)), expectedSource);
        if (aggregates) {
            // Materialized, and read from the materialization alone (no live part from the raw rows):
            // the stored sums and counts give the same exact averages.
            for (String view : new String[] {"telemetry_hourly", "bunker_levels_hourly"}) {
                db.execute("CALL refresh_continuous_aggregate('" + view + "', NULL, NULL)");
                db.execute("ALTER MATERIALIZED VIEW " + view + " SET (timescaledb.materialized_only = true)");
            }
            assertThat(db.count("SELECT count(*) FROM telemetry_hourly WHERE machine_id = '" + MACHINE + "'"))
                    .isEqualTo(2);
        }
        assertHourly(history(db).buckets(MACHINE, at("10:00:00"), at("12:00:00"), Duration.ofHours(1)), expectedSource);

        HistorySeries twoHours = history(db).buckets(MACHINE, at("10:00:00"), at("12:00:00"), Duration.ofHours(2));
        assertThat(twoHours.source()).isEqualTo(expectedSource);
        assertThat(twoHours.points()).hasSize(1);
        assertThat(twoHours.points().get(0).samples()).isEqualTo(120);
        assertThat(twoHours.points().get(0).temperature()).isEqualTo(new MinAvgMax(0, 59.5, 119));
        assertThat(twoHours.points().get(0).bunkers().get(0).level()).isEqualTo(new MinAvgMax(810, 1405, 2000));

        // Not on whole hours: the raw rows, also where the aggregate exists.
        HistorySeries unaligned = history(db).buckets(MACHINE, at("10:30:00"), at("12:00:00"), Duration.ofHours(1));
        assertThat(unaligned.source()).isEqualTo(HistorySeries.RAW);
        assertThat(unaligned.points().get(0).temperature()).isEqualTo(new MinAvgMax(30, 44.5, 59));
    }

    @Test
    void anEmptyRangeHasNoPoints(TestDatabase db) {
        seed(db);
        assertThat(history(db).buckets(MACHINE, at("08:00:00"), at("09:00:00"), Duration.ofMinutes(1)).points())
                .isEmpty();
    }

    private static void assertHourly(HistorySeries series, String expectedSource) {
        assertThat(series.source()).isEqualTo(expectedSource);
        assertThat(series.points()).extracting(HistoryPoint::t).containsExactly(at("10:00:00"), at("11:00:00"));
        HistoryPoint ten = series.points().get(0);
        assertThat(ten.samples()).isEqualTo(60);
        assertThat(ten.temperature()).isEqualTo(new MinAvgMax(0, 29.5, 59));
        assertThat(ten.humidity().avg()).isCloseTo(40.5, within());
        assertThat(ten.bunkers().get(0)).isEqualTo(
                new BunkerLevelStats(HistoryRows.SUGAR, "Sugar", new MinAvgMax(1410, 1705, 2000), 2000));
        assertThat(ten.bunkers().get(1).ingredientName()).isEqualTo("Espresso beans");
        assertThat(series.points().get(1).temperature()).isEqualTo(new MinAvgMax(60, 89.5, 119));
    }

    private static void seed(TestDatabase db) {
        HistoryRows.insert(db, MACHINE, "2026-01-05T10:00:00Z", 120);
        // Another machine at the same instants, far hotter: none of it may show up.
        HistoryRows.insert(db::execute, OTHER, "2026-01-05T10:00:00Z", 120, 1000);
    }

    private static JdbcTelemetryHistory history(TestDatabase db) {
        return new JdbcTelemetryHistory(db.dataSource(), Duration.ofSeconds(30));
    }

    private static Instant at(String time) {
        return Instant.parse("2026-01-05T" + time + "Z");
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
