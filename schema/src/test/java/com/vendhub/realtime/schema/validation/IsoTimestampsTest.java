package com.vendhub.realtime.schema.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written path must agree with {@link OffsetDateTime#parse} on every string, valid or not. */
class IsoTimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-29T10:00:00Z", "2026-11-29T10:00:00.1Z", "2026-11-29T10:00:00.123456789Z",
            "2026-11-29T23:59:59.999+05:00", "2024-02-29T00:00:00-03:30", "1970-01-01T00:00:00+00:00",
            "2026-11-29T10:00:00.123-00:00", "2026-11-29T10:00:00.Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z"})
    void validTimestampsParseExactlyAsTheJdkDoes(String text) {
        assertThat(IsoTimestamps.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-29T24:00:00Z",
            "2026-11-29T10:60:00Z", "2026-11-29T10:00:60Z", "2026-11-29T10:00:00",
            "2026-11-29T10:00:00.1234567890Z", "2026-11-29 10:00:00Z", "2026-11-29T10:00:00+5:00",
            "2026-11-29T10:00:00+19:00", "2026-11-29T10:00:00ZZ", "２０２６-11-29T10:00:00Z", "", "yesterday"})
    void invalidTimestampsAreRefusedAsTheJdkRefusesThem(String text) {
        assertThatThrownBy(() -> OffsetDateTime.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoTimestamps.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void agreesWithTheJdkOnRandomMutationsOfValidTimestamps() {
        Random random = new Random(42); // a fixed seed: the same cases on every run
        String alphabet = "0123456789-:T.Z+ z";
        for (int i = 0; i < 50_000; i++) {
            Instant base = Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
            StringBuilder s = new StringBuilder(base.toString());
            int mutations = random.nextInt(3);
            for (int m = 0; m < mutations && s.length() > 0; m++) {
                int at = random.nextInt(s.length());
                switch (random.nextInt(3)) {
                    case 0 -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> s.deleteCharAt(at);
                    default -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String text = s.toString();
            Instant expected;
            try {
                expected = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                expected = null;
            }
            Instant actual;
            try {
                actual = IsoTimestamps.parse(text);
            } catch (DateTimeParseException e) {
                actual = null;
            }
            assertThat(actual).as(text).isEqualTo(expected);
        }
    }
}
