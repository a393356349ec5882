package com.vendhub.realtime.fanout.engineio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EngineIoCodecTest {

    private final EngineIoCodec codec = new EngineIoCodec(100);

    @ParameterizedTest
    @EnumSource(EngineIoPacketType.class)
    void roundTripsEveryType(EngineIoPacketType type) throws Exception {
        EngineIoPacket packet = new EngineIoPacket(type, "data é ✓");
        String encoded = EngineIoCodec.encode(packet);
        assertThat(encoded.charAt(0)).isEqualTo(type.code());
        assertThat(codec.decode(encoded)).isEqualTo(packet);
    }

    @Test
    void decodesTheWireExamplesOfTheSpec() throws Exception {
        assertThat(codec.decode("2")).isEqualTo(EngineIoPacket.of(EngineIoPacketType.PING));
        assertThat(codec.decode("3probe")).isEqualTo(new EngineIoPacket(EngineIoPacketType.PONG, "probe"));
        assertThat(codec.decode("4hello")).isEqualTo(EngineIoPacket.message("hello"));
        assertThat(codec.decode("1")).isEqualTo(EngineIoPacket.of(EngineIoPacketType.CLOSE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "9x", "a", "b4AQID", "-1", " 4", "{}"})
    void refusesUnknownTypes(String text) {
        assertThatThrownBy(() -> codec.decode(text)).isInstanceOf(EngineIoProtocolException.class)
                .extracting(e -> ((EngineIoProtocolException) e).reason()).isEqualTo("unknown_packet_type");
    }

    @Test
    void refusesEmptyAndOversized() {
        assertThatThrownBy(() -> codec.decode("")).extracting(e -> ((EngineIoProtocolException) e).reason())
                .isEqualTo("empty_packet");
        assertThatThrownBy(() -> codec.decode(null)).isInstanceOf(EngineIoProtocolException.class);
        assertThatThrownBy(() -> codec.decode("4" + "x".repeat(100)))
                .extracting(e -> ((EngineIoProtocolException) e).reason()).isEqualTo("payload_too_large");
    }

    @Test
    void openPacketCarriesTheHandshakeFields() {
        EngineIoSettings settings = new EngineIoSettings(Duration.ofSeconds(25), Duration.ofSeconds(20), 1_000_000,
                1_000_000, Duration.ofSeconds(5), 4 << 20, 1000, Duration.ofSeconds(10));
        assertThat(settings.openPacketJson("abc", false)).isEqualTo(
                "{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
        assertThat(settings.openPacketJson("abc", true)).isEqualTo("{\"sid\":\"abc\",\"upgrades\":[\"websocket\"],"
                + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
    }
}
