package com.vendhub.realtime.fanout.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The endpoint's own arithmetic: bucket syntax and how many points a range spans (the cap's measure). */
class TelemetryHistoryEndpointTest {

    @Test
    void readsBucketsInShortAndIsoForm() {
        assertThat(TelemetryHistoryEndpoint.bucket("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(TelemetryHistoryEndpoint.bucket("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(TelemetryHistoryEndpoint.bucket("1H")).isEqualTo(Duration.ofHours(1));
        assertThat(TelemetryHistoryEndpoint.bucket("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(TelemetryHistoryEndpoint.bucket("PT15M")).isEqualTo(Duration.ofMinutes(15));
        for (String bad : new String[] {"", "5", "5x", "0m", "-5m", "PT0.5S", "3651d", "P1M"}) {
            assertThatThrownBy(() -> TelemetryHistoryEndpoint.bucket(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucket");
        }
    }

    @Test
    void countsTheBucketsOfTheAlignedGridThatARangeMeets() {
        Instant ten = Instant.parse("2026-01-05T10:00:00Z");
        assertThat(TelemetryHistoryEndpoint.bucketsBetween(ten, ten.plusSeconds(3600), Duration.ofMinutes(5)))
                .isEqualTo(12);
        // Off the grid at both ends: the partial first and last buckets count too.
        assertThat(TelemetryHistoryEndpoint.bucketsBetween(ten.plusSeconds(150), ten.plusSeconds(420),
                Duration.ofMinutes(5))).isEqualTo(2);
        assertThat(TelemetryHistoryEndpoint.bucketsBetween(ten, ten.plusSeconds(1), Duration.ofDays(1))).isEqualTo(1);
        assertThat(TelemetryHistoryEndpoint.bucketsBetween(ten.minus(Duration.ofDays(30)), ten, Duration.ofMinutes(1)))
                .isEqualTo(43_200);
    }
}
