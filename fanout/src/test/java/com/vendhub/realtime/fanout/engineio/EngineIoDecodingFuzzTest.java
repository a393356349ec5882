package com.vendhub.realtime.fanout.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.schema.testing.fuzz.Fuzz;
import com.vendhub.realtime.schema.testing.fuzz.Gen;
import com.vendhub.realtime.schema.testing.fuzz.Gens;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the Engine.IO text decoder and the polling payload split ("Protocol, Packet encoding"):
 * any text either decodes to a packet that encodes back to the same text, or is refused with an
 * {@link EngineIoProtocolException}; never another exception, never past the configured maxPayload.
 * Fixed seed and bounded tries ({@link Fuzz}); the timeout only turns a hang into a failure.
 */
@Timeout(120)
class EngineIoDecodingFuzzTest {

    private static final int MAX_PAYLOAD = 512;
    private static final String[] VALID = {
        "0{\"sid\":\"abc\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}",
        "1", "2", "3", "2probe", "3probe", "4hello", "5", "6", "40", "42[\"subscribe\",{\"room\":\"machines:all\"}]",
        "bAQID", // a base64 binary packet of the polling transport, which this server does not accept
    };

    private final EngineIoCodec codec = new EngineIoCodec(MAX_PAYLOAD);

    private static final Gen<String> TEXT = r -> switch (r.nextInt(4)) {
        case 0 -> Gens.text(r, MAX_PAYLOAD + 64);
        case 1 -> Gens.pick(r, VALID);
        default -> Gens.mutate(r, Gens.pick(r, VALID));
    };

    @Test
    void anyTextDecodesToAPacketThatEncodesBackOrIsRefused() {
        Fuzz.forAll(5_000, TEXT, text -> {
            EngineIoPacket packet;
            try {
                packet = codec.decode(text);
            } catch (EngineIoProtocolException e) {
                assertThat(e.reason()).isIn("empty_packet", "payload_too_large", "unknown_packet_type");
                if (text.length() > MAX_PAYLOAD) {
                    assertThat(e.reason()).isEqualTo("payload_too_large");
                }
                return;
            }
            assertThat(text.length()).isLessThanOrEqualTo(MAX_PAYLOAD);
            assertThat(EngineIoCodec.encode(packet)).isEqualTo(text);
            assertThat(codec.decode(EngineIoCodec.encode(packet))).isEqualTo(packet);
        });
    }

    @Test
    void generatedPacketsRoundTrip() {
        Gen<EngineIoPacket> packets = r -> new EngineIoPacket(Gens.pick(r, EngineIoPacketType.values()),
                Gens.text(r, MAX_PAYLOAD - 1));
        Fuzz.forAll(2_000, packets, packet -> assertThat(codec.decode(EngineIoCodec.encode(packet))).isEqualTo(packet));
    }

    /** Any POST body: the pieces are exactly the body cut at each {@code \x1e}, in order, none lost or invented. */
    @Test
    void aPollingPayloadSplitsIntoExactlyItsSeparatedPackets() {
        Gen<String> bodies = r -> switch (r.nextInt(3)) {
            case 0 -> Gens.text(r, 256);
            case 1 -> String.join("\u001e", Gens.pick(r, VALID), Gens.pick(r, VALID), Gens.pick(r, VALID));
            default -> Gens.mutate(r, String.join("\u001e", Gens.pick(r, VALID), Gens.pick(r, VALID)));
        };
        Fuzz.forAll(3_000, bodies, body -> {
            List<String> pieces = new ArrayList<>();
            PollingTransport.forEachPacket(body, pieces::add);
            assertThat(String.join("\u001e", pieces)).isEqualTo(body);
            assertThat(pieces).hasSize(1 + (int) body.chars().filter(c -> c == PollingTransport.SEPARATOR).count());
            assertThat(pieces).noneMatch(p -> p.indexOf(PollingTransport.SEPARATOR) >= 0);
            for (String piece : pieces) {
                try {
                    codec.decode(piece);
                } catch (EngineIoProtocolException e) {
                    // refused with the protocol's own exception: fine
                }
            }
        });
    }

    @Test
    void theSplitStopsAtTheFirstPacketTheSinkRefuses() {
        Fuzz.forAll(1_000, r -> Gens.text(r, 128), body -> {
            List<String> pieces = new ArrayList<>();
            PollingTransport.forEachPacket(body, pieces::add);
            List<String> seen = new ArrayList<>();
            int stopAfter = body.length() % pieces.size() + 1;
            PollingTransport.forEachPacket(body, p -> {
                seen.add(p);
                return seen.size() < stopAfter;
            });
            assertThat(seen).isEqualTo(pieces.subList(0, Math.min(stopAfter, pieces.size())));
        });
    }

    @Test
    void aPollingPayloadOfManyPacketsComesBackInOrder() {
        Gen<List<EngineIoPacket>> batches = r -> {
            List<EngineIoPacket> list = new ArrayList<>();
            int n = 1 + r.nextInt(8);
            for (int i = 0; i < n; i++) {
                String data = Gens.text(r, 40).replace("\u001e", "");
                list.add(new EngineIoPacket(Gens.pick(r, EngineIoPacketType.values()), data));
            }
            return list;
        };
        Fuzz.forAll(2_000, batches, list -> {
            List<String> encoded = list.stream().map(EngineIoCodec::encode).toList();
            List<EngineIoPacket> back = new ArrayList<>();
            PollingTransport.forEachPacket(String.join("\u001e", encoded), text -> {
                try {
                    return back.add(codec.decode(text));
                } catch (EngineIoProtocolException e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(back).isEqualTo(list);
        });
    }
}
