package com.vendhub.realtime.sim.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A recording line keeps topic, time, retain flag and payload; JSON stays readable, anything else byte-exact. */
class RecordingFormatTest {

    private final RecordingFormat format = new RecordingFormat();

    @Test
    void aJsonPayloadIsWrittenAsJsonAndReadBackCompact() {
        byte[] payload = "{\"status\":\"online\",\"timestamp\":\"2025-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8);
        RecordedMessage m = new RecordedMessage("vendhub/machines/x/status", Instant.parse("2025-01-01T00:00:01.5Z"),
                true, payload);
        String line = format.write(m);
        assertThat(line).contains("\"payload\":{\"status\":\"online\"").doesNotContain("\n");
        RecordedMessage back = format.read(line);
        assertThat(back.topic()).isEqualTo(m.topic());
        assertThat(back.timestamp()).isEqualTo(m.timestamp());
        assertThat(back.retained()).isTrue();
        assertThat(back.payload()).isEqualTo(payload);
    }

    @Test
    void aPayloadThatIsNotJsonSurvivesByteForByte() {
        byte[] payload = {0x00, (byte) 0xff, '{', 'x'};
        RecordedMessage back = format.read(format.write(new RecordedMessage("t", Instant.EPOCH, false, payload)));
        assertThat(back.payload()).isEqualTo(payload);
        assertThat(back.retained()).isFalse();
    }

    @Test
    void aBrokenLineIsRefusedWithTheReason() {
        assertThatThrownBy(() -> format.read("{\"topic\":\"t\"}")).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> format.read("not json")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> format.read("{\"topic\":\"t\",\"timestamp\":\"yesterday\",\"payload\":1}"))
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> format.read("{\"topic\":\"t\",\"timestamp\":\"2025-01-01T00:00:00Z\"}"))
                .hasMessageContaining("payload");
    }
}
