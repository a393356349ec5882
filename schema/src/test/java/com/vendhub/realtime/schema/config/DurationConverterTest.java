package com.vendhub.realtime.schema.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsTheFormsPeopleType() {
        assertThat(converter.convert("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(converter.convert("60")).isEqualTo(Duration.ofSeconds(60));
        assertThat(converter.convert("0")).isEqualTo(Duration.ZERO);
        assertThat(converter.convert("PT5S")).isEqualTo(Duration.ofSeconds(5));
        assertThat(converter.convert("pt1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(converter.convert("PT0.05S")).isEqualTo(Duration.ofMillis(50));
        assertThat(converter.convert("-PT1S")).isEqualTo(Duration.ofSeconds(-1));
        assertThat(converter.convert("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(converter.convert("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(converter.convert("P365D")).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void refusesTheRest() {
        assertThatThrownBy(() -> converter.convert("five seconds")).isInstanceOf(CommandLine.TypeConversionException.class);
        assertThatThrownBy(() -> converter.convert("-5s")).isInstanceOf(CommandLine.TypeConversionException.class);
        assertThatThrownBy(() -> converter.convert("PTxS")).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
