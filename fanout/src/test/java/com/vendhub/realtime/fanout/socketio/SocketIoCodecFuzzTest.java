package com.vendhub.realtime.fanout.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.testing.fuzz.Fuzz;
import com.vendhub.realtime.schema.testing.fuzz.Gen;
import com.vendhub.realtime.schema.testing.fuzz.Gens;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the Socket.IO v5 decoder ("Protocol, Format"): arbitrary text and damaged valid packets
 * (truncated, oversized, bad types, bad namespaces, bad ack ids, binary placeholders, deep JSON)
 * either decode to a packet whose encoding decodes to the same packet, or are refused with a
 * {@link SocketIoProtocolException}; never another exception. Fixed seed, bounded tries ({@link Fuzz}).
 */
@Timeout(120)
class SocketIoCodecFuzzTest {

    private static final int MAX_PACKET = 1_000;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] VALID = {
        "0", "0{\"token\":\"abc\"}", "0/admin,{\"token\":\"abc\"}", "0/admin,", "1", "1/admin,",
        "2[\"subscribe\",{\"room\":\"machines:all\"}]", "21[\"subscribe\",{\"room\":\"machines:all\"}]",
        "2/admin,13[\"x\"]", "3[]", "30[{\"ok\":true}]", "4{\"message\":\"Unauthorized\"}",
        "4/admin,{\"message\":\"Invalid namespace\"}", "2[7,\"n\",-0.5,1e3,12345678901234567890,true,null]", "2[\"e\",1e308,-1e308,4.9e-324]",
        "51-[\"x\",{\"_placeholder\":true,\"num\":0}]", "61-0[{\"_placeholder\":true,\"num\":0}]",
        "2[\"x\",{\"_placeholder\":true,\"num\":0}]", "2[\"e\",\"\\ud800\\u0000\\u001e\"]",
        "2[\"e\"," + "[".repeat(40) + "]".repeat(40) + "]", "2[\"e\"," + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "]",
        "2999999999999999[\"e\"]", "2/" + "n".repeat(60) + ",1[\"e\"]",
    };

    private final ObjectMapper mapper = WireJson.newObjectMapper();
    private final SocketIoCodec codec = new SocketIoCodec(mapper, MAX_PACKET);

    private static final Gen<String> TEXT = r -> switch (r.nextInt(5)) {
        case 0 -> Gens.text(r, MAX_PACKET + 64);
        case 1 -> Gens.pick(r, VALID);
        case 2 -> Gens.pick(r, "0", "1", "2", "3", "4", "5", "6") + Gens.text(r, 64);
        default -> Gens.mutate(r, Gens.pick(r, VALID));
    };

    @Test
    void anyTextDecodesToAPacketThatRoundTripsOrIsRefused() {
        Fuzz.forAll(5_000, TEXT, this::decodesAndRoundTripsOrIsRefused);
    }

    @Test
    void generatedPacketsRoundTrip() {
        Fuzz.forAll(3_000, SocketIoCodecFuzzTest::packet, packet -> {
            String wire = codec.encode(packet);
            if (wire.length() > MAX_PACKET) {
                return; // a packet the server would never send; the client limit is ours
            }
            assertThat(codec.decode(wire)).isEqualTo(packet);
            assertThat(codec.encode(codec.decode(wire))).isEqualTo(wire);
        });
    }

    private void decodesAndRoundTripsOrIsRefused(String text) throws Exception {
        SocketIoPacket packet;
        try {
            packet = codec.decode(text);
        } catch (SocketIoProtocolException e) {
            assertThat(e.reason()).isIn("empty_packet", "payload_too_large", "unknown_packet_type",
                    SocketIoProtocolException.BINARY_UNSUPPORTED, "bad_ack_id", "invalid_json", "invalid_payload");
            if (text.length() > MAX_PACKET) {
                assertThat(e.reason()).isEqualTo("payload_too_large");
            }
            return;
        }
        assertThat(text.length()).isLessThanOrEqualTo(MAX_PACKET);
        assertThat(packet.type().isBinary()).isFalse();
        assertThat(packet.namespace()).startsWith("/").doesNotContain(",");
        if (packet.ackId() != null) {
            assertThat(packet.ackId()).isBetween(0L, 999_999_999_999_999L);
        }
        String wire = codec.encode(packet);
        SocketIoPacket again = codec.decode(wire);
        assertThat(again).isEqualTo(packet);
        assertThat(codec.encode(again)).isEqualTo(wire);
    }

    /** A packet the protocol allows a client to send (types 0-4, valid payload for its type). */
    private static SocketIoPacket packet(SplittableRandom r) {
        SocketIoPacketType type = Gens.pick(r, SocketIoPacketType.CONNECT, SocketIoPacketType.DISCONNECT,
                SocketIoPacketType.EVENT, SocketIoPacketType.ACK, SocketIoPacketType.CONNECT_ERROR);
        String namespace = r.nextBoolean() ? "/" : "/" + Gens.text(r, 12).replace(",", "");
        Long ackId = r.nextInt(3) == 0 ? (long) Gens.intBetween(r, 0, Integer.MAX_VALUE) : null;
        JsonNode data = switch (type) {
            case CONNECT -> r.nextBoolean() ? null : object(r, 3);
            case DISCONNECT -> null;
            case EVENT -> {
                ArrayNode a = JSON.arrayNode();
                a.add(r.nextInt(5) == 0 ? JSON.numberNode(r.nextInt()) : JSON.textNode("e" + Gens.text(r, 10)));
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(value(r, 3));
                }
                yield a;
            }
            case ACK -> {
                ArrayNode a = JSON.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(value(r, 3));
                }
                yield a;
            }
            case CONNECT_ERROR -> r.nextBoolean() ? JSON.textNode(Gens.text(r, 20)) : object(r, 2);
            default -> throw new IllegalStateException();
        };
        return new SocketIoPacket(type, namespace, ackId, data);
    }

    private static ObjectNode object(SplittableRandom r, int depth) {
        ObjectNode o = JSON.objectNode();
        for (int i = r.nextInt(4); i > 0; i--) {
            o.set(Gens.text(r, 8), value(r, depth - 1));
        }
        return o;
    }

    private static JsonNode value(SplittableRandom r, int depth) {
        int kind = depth <= 0 ? r.nextInt(6) : r.nextInt(8);
        return switch (kind) {
            case 0 -> JSON.nullNode();
            case 1 -> JSON.booleanNode(r.nextBoolean());
            case 2 -> JSON.numberNode(Gens.intBetween(r, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case 3 -> JSON.numberNode(r.nextLong());
            case 4 -> JSON.numberNode(new BigDecimal(r.nextLong()).scaleByPowerOfTen(-r.nextInt(10)).doubleValue());
            case 5 -> JSON.textNode(Gens.text(r, 16));
            case 6 -> object(r, depth - 1);
            default -> {
                ArrayNode a = JSON.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(value(r, depth - 1));
                }
                yield a;
            }
        };
    }
}
