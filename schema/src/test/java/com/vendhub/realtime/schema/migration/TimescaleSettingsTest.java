package com.vendhub.realtime.schema.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimescaleSettingsTest {

    @Test
    void readsTheAgesAnOperatorTypes() {
        assertThat(TimescaleSettings.parseAge("365d")).contains(Duration.ofDays(365));
        assertThat(TimescaleSettings.parseAge("12h")).contains(Duration.ofHours(12));
        assertThat(TimescaleSettings.parseAge("2w")).contains(Duration.ofDays(14));
        assertThat(TimescaleSettings.parseAge("P7D")).contains(Duration.ofDays(7));
        assertThat(TimescaleSettings.parseAge("off")).isEmpty();
        assertThatThrownBy(() -> TimescaleSettings.parseAge("a year")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("365d");
    }

    @Test
    void refusesARetentionTheAggregateRefreshWouldOutrun() {
        assertThatThrownBy(() -> new TimescaleSettings(Optional.of(Duration.ofDays(2)), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refresh window");
        assertThatThrownBy(() -> new TimescaleSettings(Optional.empty(), Optional.of(Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void placeholdersRoundTrip() {
        TimescaleSettings s = new TimescaleSettings(Optional.of(Duration.ofDays(30)), Optional.empty());
        assertThat(s.placeholders()).containsEntry(TimescaleSettings.RETENTION_PLACEHOLDER, "2592000 seconds")
                .containsEntry(TimescaleSettings.COMPRESS_AFTER_PLACEHOLDER, "off");
        assertThat(TimescaleSettings.fromPlaceholders(s.placeholders())).isEqualTo(s);
    }
}
