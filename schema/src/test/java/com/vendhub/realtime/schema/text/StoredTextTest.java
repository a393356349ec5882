package com.vendhub.realtime.schema.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Device text for text columns. */
class StoredTextTest {

    @Test
    void controlCharactersAndLoneSurrogatesAreEscapedAndTheRestKept() {
        assertThat(StoredText.escape("ab\u0000cd")).isEqualTo("ab\\u0000cd");
        assertThat(StoredText.escape("line\nforged\r\tx\u007f")).isEqualTo("line\\u000aforged\\u000d\\u0009x\\u007f");
        assertThat(StoredText.escape("c1 \u0085 next line")).isEqualTo("c1 \\u0085 next line");
        assertThat(StoredText.escape("lone \ud800 high, lone \udc00 low")).isEqualTo(
                "lone \\ud800 high, lone \\udc00 low");
        String plain = "Кофе ☕ \ud83d\ude00 back\\slash";
        assertThat(StoredText.escape(plain)).isSameAs(plain);
        assertThat(StoredText.escape(null)).isNull();
    }
}
