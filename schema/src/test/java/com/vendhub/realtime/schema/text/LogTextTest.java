package com.vendhub.realtime.schema.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void plainTextIsUnchanged() {
        assertThat(LogText.escape("vendhub/machines/5f0c/telemetry")).isEqualTo("vendhub/machines/5f0c/telemetry");
        assertThat(LogText.escape("Kaffee ☕ 𝄞")).isEqualTo("Kaffee ☕ 𝄞");
    }

    @Test
    void lineBreaksNulAndOtherControlsAreEscaped() {
        assertThat(LogText.escape("a\nb\rc\td\0e")).isEqualTo("a\\nb\\rc\\td\\0e");
        assertThat(LogText.escape("\u001b[31mred")).isEqualTo("\\u001b[31mred");
        assertThat(LogText.escape("x\u007fy\u0085z")).isEqualTo("x\\u007fy\\u0085z");
        assertThat(LogText.escape("a\u2028b\u2029c")).isEqualTo("a\\u2028b\\u2029c");
    }

    @Test
    void aBackslashIsEscapedSoThatEscapesCannotBeForged() {
        assertThat(LogText.escape("typed \\n")).isEqualTo("typed \\\\n");
        assertThat(LogText.escape("real \n")).isEqualTo("real \\n");
    }

    @Test
    void loneSurrogatesAreEscapedAndPairsKept() {
        assertThat(LogText.escape("a\ud800b")).isEqualTo("a\\ud800b");
        assertThat(LogText.escape("a\udc00")).isEqualTo("a\\udc00");
        assertThat(LogText.escape("\ud834\udd1e")).isEqualTo("\ud834\udd1e");
    }

    @Test
    void longTextIsCutAndSaysHowMuch() {
        String text = "x".repeat(70_000);
        assertThat(LogText.escape(text)).isEqualTo("x".repeat(LogText.DEFAULT_MAX_CHARS) + "…(+69800 chars)");
        assertThat(LogText.escape("abc\n", 2)).isEqualTo("ab…(+2 chars)");
        assertThat(LogText.escape("a\ud834\udd1e", 2)).isEqualTo("a…(+2 chars)");
    }

    @Test
    void nullIsWrittenAsNullAndANegativeBoundIsRefused() {
        assertThat(LogText.escape(null)).isEqualTo("null");
        assertThatThrownBy(() -> LogText.escape("x", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
