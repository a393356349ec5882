package com.vendhub.realtime.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Device text for text columns and log lines. */
class EscapedTextTest {

    @Test
    void controlCharactersAndLoneSurrogatesAreEscapedAndTheRestKept() {
        assertThat(EscapedText.of("ab\u0000cd")).isEqualTo("ab\\u0000cd");
        assertThat(EscapedText.of("line\nforged\r\tx\u007f")).isEqualTo("line\\u000aforged\\u000d\\u0009x\\u007f");
        assertThat(EscapedText.of("lone \ud800 high, lone \udc00 low")).isEqualTo(
                "lone \\ud800 high, lone \\udc00 low");
        String plain = "Кофе ☕ \ud83d\ude00 back\\slash";
        assertThat(EscapedText.of(plain)).isSameAs(plain);
        assertThat(EscapedText.of(null)).isNull();
    }
}
