package com.vendhub.realtime.ingest.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The forecast on synthetic series whose answer is known. */
class BunkerSeriesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T06:00:00Z");
    private static final double MAX = 2000.0;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ForecastMetrics metrics = new ForecastMetrics(registry);
    private final BunkerSeries series = new BunkerSeries(ForecastSettings.defaults(), metrics);

    /** Readings every {@code every}, level = start - rate * t + noise. */
    private Instant feed(Instant from, Duration length, Duration every, double start, double gramsPerHour, double noise,
                         Random random) {
        Instant t = from;
        Instant end = from.plus(length);
        while (!t.isAfter(end)) {
            double hours = Duration.between(from, t).toMillis() / 3_600_000.0;
            double level = Math.max(0.0, start - gramsPerHour * hours + noise * random.nextGaussian());
            series.add(t, level, MAX);
            t = t.plus(every);
        }
        return t.minus(every);
    }

    @Test
    void linearConsumptionWithNoiseIsForecastWithinMinutes() {
        // 1500 g falling 200 g/h, ±15 g sensor noise (1 sigma), a reading every 30 s for 4 h.
        Instant last = feed(T0, Duration.ofHours(4), Duration.ofSeconds(30), 1500, 200, 15, new Random(42));
        Instant truth = T0.plus(Duration.ofMinutes(450)); // 1500 / 200 h
        assertThat(series.emptyAt()).isNotNull();
        assertThat(Duration.between(truth, series.emptyAt()).abs()).isLessThan(Duration.ofMinutes(10));
        assertThat(series.emptyAt()).isAfter(last);
    }

    @Test
    void aRefillInTheMiddleStartsTheWindowAgain() {
        Random random = new Random(7);
        Instant last = feed(T0, Duration.ofHours(3), Duration.ofMinutes(1), 1200, 300, 5, random);
        // Refilled to 1900 g, then consumed at 100 g/h: the old, faster slope must not leak in.
        Instant refill = last.plus(Duration.ofMinutes(1));
        assertThat(series.add(refill, 1900, MAX)).as("a jump of 1600 g is a refill").isTrue();
        assertThat(series.emptyAt()).as("one sample after a refill is too few").isNull();
        feed(refill.plus(Duration.ofMinutes(1)), Duration.ofHours(2), Duration.ofMinutes(1), 1900 - 100.0 / 60, 100, 5,
                random);
        Instant truth = refill.plus(Duration.ofHours(19));
        assertThat(Duration.between(truth, series.emptyAt()).abs()).isLessThan(Duration.ofMinutes(60));
    }

    @Test
    void aFlatOrRisingSeriesHasNoForecast() {
        feed(T0, Duration.ofHours(2), Duration.ofMinutes(1), 800, 0, 3, new Random(1));
        assertThat(series.emptyAt()).isNull();
        BunkerSeries rising = new BunkerSeries(ForecastSettings.defaults(), metrics);
        for (int i = 0; i < 60; i++) {
            rising.add(T0.plus(Duration.ofMinutes(10L * i)), 100 + i * 5.0, MAX); // +5 g steps: not refills
        }
        assertThat(rising.emptyAt()).isNull();
    }

    @Test
    void tooFewSamplesOrTooShortASpanHaveNoForecast() {
        // 40 readings a second apart: one sample kept per 7.5 minutes, so one sample, no forecast.
        feed(T0, Duration.ofSeconds(40), Duration.ofSeconds(1), 1000, 500, 0, new Random(3));
        assertThat(series.size()).isEqualTo(1);
        assertThat(series.emptyAt()).isNull();
        // Four samples over 30 minutes: fewer than the minimum of five.
        BunkerSeries four = new BunkerSeries(ForecastSettings.defaults(), metrics);
        for (int i = 0; i < 4; i++) {
            four.add(T0.plus(Duration.ofMinutes(10L * i)), 1000 - 50.0 * i, MAX);
        }
        assertThat(four.emptyAt()).isNull();
        four.add(T0.plus(Duration.ofMinutes(40)), 800, MAX);
        assertThat(four.emptyAt()).isEqualTo(T0.plus(Duration.ofMinutes(200)));
        // Five samples within 20 minutes: under the minimum span of 30 minutes.
        ForecastSettings dense = new ForecastSettings(Duration.ofHours(1), 60, 5, Duration.ofMinutes(30), 10,
                Duration.ofDays(30));
        BunkerSeries shortSpan = new BunkerSeries(dense, metrics);
        for (int i = 0; i < 5; i++) {
            shortSpan.add(T0.plus(Duration.ofMinutes(5L * i)), 1000 - 50.0 * i, MAX);
        }
        assertThat(shortSpan.emptyAt()).isNull();
    }

    @Test
    void aSingleWildReadingDoesNotMoveTheForecast() {
        for (int i = 0; i < 40; i++) {
            double level = i == 30 ? 10.0 : 2000 - 20.0 * i; // one misread of 10 g at sample 30
            series.add(T0.plus(Duration.ofMinutes(8L * i)), level, MAX);
        }
        // 2000 g at 20 g per 8 minutes: empty after 800 minutes.
        assertThat(Duration.between(T0.plus(Duration.ofMinutes(800)), series.emptyAt()).abs())
                .isLessThan(Duration.ofMinutes(5));
    }

    @Test
    void theWindowIsBoundedAndOldSamplesAgeOut() {
        ForecastSettings small = new ForecastSettings(Duration.ofHours(1), 6, 3, Duration.ofMinutes(10), 10,
                Duration.ofDays(30));
        BunkerSeries bounded = new BunkerSeries(small, metrics);
        for (int i = 0; i < 100; i++) {
            bounded.add(T0.plus(Duration.ofMinutes(10L * i)), 2000 - i, MAX);
        }
        assertThat(bounded.size()).isLessThanOrEqualTo(6);
        assertThat(metrics.held()).isEqualTo(bounded.size());
        bounded.clear();
        assertThat(metrics.held()).isZero();
        assertThat(registry.get("vendhub.forecast.samples").gauge().value()).isZero();
    }

    @Test
    void aReadingNotNewerThanThePreviousIsIgnored() {
        for (int i = 0; i < 10; i++) {
            series.add(T0.plus(Duration.ofMinutes(10L * i)), 1000 - 10.0 * i, MAX);
        }
        Instant before = series.emptyAt();
        assertThat(series.add(T0.plus(Duration.ofMinutes(30)), 1900, MAX)).as("a late reading is no refill").isFalse();
        assertThat(series.add(T0.plus(Duration.ofMinutes(90)), 1900, MAX)).isFalse();
        assertThat(series.emptyAt()).isEqualTo(before);
    }
}
