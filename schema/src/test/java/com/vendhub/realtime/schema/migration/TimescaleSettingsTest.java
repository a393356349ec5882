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
        assertThat(TimescaleSettings.parseAge("P365D")).contains(Duration.ofDays(365));
        assertThat(TimescaleSettings.parseAge("PT36H")).contains(Duration.ofHours(36));
        assertThatThrownBy(() -> TimescaleSettings.parseAge("a year")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ISO-8601").hasMessageContaining("off");
    }

    @Test
    void anAgeIsWrittenInISO8601AndReadBack() {
        TimescaleSettings d = TimescaleSettings.defaults();
        assertThat(TimescaleSettings.ageText(d.retention())).isEqualTo("P365D");
        assertThat(TimescaleSettings.ageText(d.compressAfter())).isEqualTo("P7D");
        assertThat(TimescaleSettings.ageText(Optional.of(Duration.ofHours(36)))).isEqualTo("PT36H");
        assertThat(TimescaleSettings.ageText(Optional.empty())).isEqualTo("off");
        assertThat(TimescaleSettings.parseAge(TimescaleSettings.ageText(d.retention()))).isEqualTo(d.retention());
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
