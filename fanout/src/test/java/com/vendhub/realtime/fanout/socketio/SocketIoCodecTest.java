package com.vendhub.realtime.fanout.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.vendhub.realtime.schema.json.WireJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SocketIoCodecTest {

    private final ObjectMapper mapper = WireJson.newObjectMapper();
    private final SocketIoCodec codec = new SocketIoCodec(mapper, 1000);
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    @ParameterizedTest
    @ValueSource(strings = {
        "0",
        "0{\"token\":\"abc\"}",
        "0/admin,{\"token\":\"abc\"}",
        "0/admin,",
        "1",
        "1/admin,",
        "2[\"subscribe\",{\"room\":\"machines:all\"}]",
        "21[\"subscribe\",{\"room\":\"machines:all\"}]",
        "2/admin,13[\"x\"]",
        "3[]",
        "30[{\"ok\":true}]",
        "4{\"message\":\"Unauthorized\"}",
        "4/admin,{\"message\":\"Invalid namespace\"}",
        "2[\"ünïcödé ✓\",\"🚀\"]",
        "2[7,\"numeric event names are legal on the wire\"]",
    })
    void roundTrips(String wire) throws Exception {
        SocketIoPacket packet = codec.decode(wire);
        String reencoded = codec.encode(packet);
        // "0/admin," decodes to namespace /admin with no data and re-encodes with the trailing comma.
        assertThat(reencoded).isEqualTo(wire);
        assertThat(codec.decode(reencoded)).isEqualTo(packet);
    }

    @Test
    void decodesParts() throws Exception {
        SocketIoPacket p = codec.decode("2/chat,123[\"hello\",1]");
        assertThat(p.type()).isEqualTo(SocketIoPacketType.EVENT);
        assertThat(p.namespace()).isEqualTo("/chat");
        assertThat(p.ackId()).isEqualTo(123L);
        assertThat(p.data().get(0).asText()).isEqualTo("hello");

        SocketIoPacket connect = codec.decode("0");
        assertThat(connect.namespace()).isEqualTo("/");
        assertThat(connect.data()).isNull();
    }

    @Test
    void encodesServerPackets() {
        assertThat(codec.encode(SocketIoPacket.of(SocketIoPacketType.CONNECT, json.objectNode().put("sid", "s1"))))
                .isEqualTo("0{\"sid\":\"s1\"}");
        assertThat(codec.encode(new SocketIoPacket(SocketIoPacketType.ACK, "/", 7L,
                json.arrayNode().add(json.objectNode().put("ok", true))))).isEqualTo("37[{\"ok\":true}]");
        assertThat(codec.encode(new SocketIoPacket(SocketIoPacketType.CONNECT_ERROR, "/x", null,
                json.objectNode().put("message", "Invalid namespace")))).isEqualTo("4/x,{\"message\":\"Invalid namespace\"}");
    }

    @Test
    void framesAnEventOnceWithTheEngineIoMessagePrefix() {
        ByteBuf frame = codec.encodeEventMessage(UnpooledByteBufAllocator.DEFAULT, "machine:status",
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8), null);
        try {
            assertThat(frame.toString(StandardCharsets.UTF_8)).isEqualTo("42[\"machine:status\",{\"a\":1}]");
        } finally {
            frame.release();
        }
        ByteBuf quoted = codec.encodeEventMessage(UnpooledByteBufAllocator.DEFAULT, "we\"ird", new byte[0], null);
        try {
            assertThat(quoted.toString(StandardCharsets.UTF_8)).isEqualTo("42[\"we\\\"ird\",null]");
        } finally {
            quoted.release();
        }
    }

    @Test
    void aBroadcastCarriesItsRecoveryOffsetAsTheLastArgumentAndDecodesBack() throws Exception {
        ByteBuf frame = codec.encodeEventMessage(UnpooledByteBufAllocator.DEFAULT, "machine:status",
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8), "42");
        try {
            String wire = frame.toString(StandardCharsets.UTF_8);
            assertThat(wire).isEqualTo("42[\"machine:status\",{\"a\":1},\"42\"]");
            SocketIoPacket decoded = codec.decode(wire.substring(1)); // without the Engine.IO type
            assertThat(decoded.data().get(2).textValue()).isEqualTo("42");
        } finally {
            frame.release();
        }
        assertThatThrownBy(() -> codec.encodeEventMessage(UnpooledByteBufAllocator.DEFAULT, "e", new byte[0], "1\"]"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "7", "9[]", "x", "/"})
    void refusesUnknownTypes(String wire) {
        assertThatThrownBy(() -> codec.decode(wire)).isInstanceOf(SocketIoProtocolException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2{broken",
        "2[\"a\"]trailing",
        "2[\"a\"] [\"b\"]",
        "0{\"token\":",
        "2'single'",
    })
    void refusesBadJson(String wire) {
        assertThatThrownBy(() -> codec.decode(wire)).isInstanceOf(SocketIoProtocolException.class)
                .extracting(e -> ((SocketIoProtocolException) e).reason()).isEqualTo("invalid_json");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2",                       // EVENT without data
        "2[]",                     // EVENT without a name
        "2{\"a\":1}",              // EVENT data not an array
        "2[{\"a\":1}]",            // EVENT name not a string
        "2[\"connect\"]",          // reserved names
        "2[\"disconnect\",1]",
        "2[\"newListener\"]",
        "0[\"x\"]",                // CONNECT auth must be an object
        "0\"token\"",
        "1{}",                     // DISCONNECT carries nothing
        "3",                       // ACK needs an array
        "3{\"ok\":true}",
    })
    void refusesInvalidPayloads(String wire) {
        assertThatThrownBy(() -> codec.decode(wire)).isInstanceOf(SocketIoProtocolException.class)
                .extracting(e -> ((SocketIoProtocolException) e).reason()).isEqualTo("invalid_payload");
    }

    @ParameterizedTest
    @ValueSource(strings = {"51-[\"x\",{\"_placeholder\":true,\"num\":0}]", "61-0[{\"_placeholder\":true,\"num\":0}]", "5"})
    void refusesBinaryPackets(String wire) {
        assertThatThrownBy(() -> codec.decode(wire)).extracting(e -> ((SocketIoProtocolException) e).reason())
                .isEqualTo(SocketIoProtocolException.BINARY_UNSUPPORTED);
    }

    @Test
    void refusesHugeAckIdsAndOversizedPackets() {
        assertThatThrownBy(() -> codec.decode("2" + "9".repeat(16) + "[\"x\"]"))
                .extracting(e -> ((SocketIoProtocolException) e).reason()).isEqualTo("bad_ack_id");
        assertThatThrownBy(() -> codec.decode("2[\"" + "x".repeat(1000) + "\"]"))
                .extracting(e -> ((SocketIoProtocolException) e).reason()).isEqualTo("payload_too_large");
    }

    @Test
    void refusesDeeplyNestedJson() {
        String deep = "[".repeat(100) + "]".repeat(100);
        assertThatThrownBy(() -> codec.decode("2[\"x\"," + deep + "]")).isInstanceOf(SocketIoProtocolException.class);
    }

    /**
     * Found by SocketIoCodecFuzzTest: {@code 2[2E456]} decoded to an EVENT whose name was an infinite
     * double, which re-encoded as the string "Infinity" (a different packet).
     */
    @ParameterizedTest
    @ValueSource(strings = {"2[2E456]", "2[\"e\",1e999]", "2[\"e\",{\"a\":[-1e400]}]", "3[1E309]"})
    void refusesNumbersNoDoubleCanHold(String wire) {
        assertThatThrownBy(() -> codec.decode(wire)).isInstanceOf(SocketIoProtocolException.class)
                .extracting(e -> ((SocketIoProtocolException) e).reason()).isEqualTo("invalid_json");
    }
}
