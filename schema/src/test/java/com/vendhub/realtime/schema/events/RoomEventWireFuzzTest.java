package com.vendhub.realtime.schema.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.rooms.Room;
import com.vendhub.realtime.schema.testing.fuzz.Fuzz;
import com.vendhub.realtime.schema.testing.fuzz.Gen;
import com.vendhub.realtime.schema.testing.fuzz.Gens;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the event-stream envelope {@code {"event", "data", "organizationId"}}: any payload on any
 * topic either decodes, or is refused with an {@link RoomEventWire.InvalidRoomEventException}. A
 * decoded event re-encodes to an equal event, and its {@code data} is exactly the JSON value the
 * envelope carried, as well-formed UTF-8 JSON (a fan-out node frames those bytes as they are into
 * WebSocket text frames, RFC 6455 section 5.6). Fixed seed, bounded tries ({@link Fuzz}).
 */
@Timeout(120)
class RoomEventWireFuzzTest {

    private static final int MAX = 2048;
    private static final String ORG = "0b7c6f1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e";
    private static final String MACHINE_ROOM = "vendhub/events/machine:5b0c4f0e-8d7a-4a53-9a57-1f2f3a4b5c6d";
    private static final String[] TOPICS = {
        "vendhub/events/machines:all", MACHINE_ROOM, "vendhub/events/org:" + ORG, "vendhub/events/user:u-1",
        "vendhub/events/tasks:a.b@c", "vendhub/events/", "vendhub/events/machine:nope", "vendhub/events/../x",
        "other/events/machines:all", "vendhub/events/user:", "vendhub/events/machines:all/extra",
    };
    private static final String[] VALID = {
        "{\"event\":\"machine:status\",\"data\":{\"status\":\"online\",\"n\":[1,2.5,-3e2,true,null]},\"organizationId\":\"" + ORG + "\"}",
        "{\"data\":\"a \\\"string\\\" \\u00e9 \\ud83d\\ude80\",\"organizationId\":\"" + ORG + "\",\"event\":\"x\"}",
        "{\"event\":\"e\",\"organizationId\":\"" + ORG + "\"}",
        "{ \"event\" : \"e\" , \"data\" : 42 , \"organizationId\" : \"" + ORG + "\" }",
        "{\"event\":\"e\",\"data\":[],\"data\":{},\"organizationId\":\"" + ORG + "\",\"extra\":{\"deep\":[[[]]]}}",
        "{\"event\":\"e\",\"data\":\"\u00e9\u4e2d\ud83d\ude80\",\"organizationId\":\"" + ORG + "\"}",
        "{\"event\":\"e\",\"data\":-0.0e-0,\"organizationId\":\"1-1-1-1-1\"}",
        "{\"event\":\"x\\ud83d\\ude80\\u0000\\u001e\",\"data\":null,\"organizationId\":\"" + ORG + "\"}",
    };

    private final ObjectMapper mapper = WireJson.newObjectMapper();
    private final ObjectReader strict = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final RoomEventWire wire = new RoomEventWire(TopicScheme.defaults(), mapper, MAX);

    private static final Gen<byte[]> PAYLOADS = r -> switch (r.nextInt(6)) {
        case 0 -> Gens.bytes(r, MAX + 64);
        case 1 -> Gens.pick(r, VALID).getBytes(StandardCharsets.UTF_8);
        case 2 -> Gens.mutate(r, Gens.pick(r, VALID)).getBytes(StandardCharsets.UTF_8);
        case 3 -> Gens.pick(r, VALID).getBytes(Gens.pick(r, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE,
                StandardCharsets.UTF_16, StandardCharsets.ISO_8859_1));
        default -> Gens.mutate(r, Gens.pick(r, VALID).getBytes(StandardCharsets.UTF_8));
    };

    @Test
    void anyPayloadDecodesToTheEventItCarriesOrIsRefused() {
        Fuzz.forAll(5_000, PAYLOADS, payload -> decodesFaithfullyOrIsRefused(MACHINE_ROOM, payload));
    }

    @Test
    void anyTopicIsARoomOrRefused() {
        Gen<String> topics = r -> r.nextBoolean() ? Gens.mutate(r, Gens.pick(r, TOPICS)) : Gens.text(r, 160);
        Fuzz.forAll(3_000, topics, topic -> {
            byte[] payload = VALID[0].getBytes(StandardCharsets.UTF_8);
            try {
                RoomEvent event = wire.decode(topic, payload);
                assertThat(wire.topic(event)).isEqualTo(topic);
            } catch (RoomEventWire.InvalidRoomEventException e) {
                assertThat(e.reason()).isIn("bad_topic", "bad_room");
            }
        });
    }

    @Test
    void generatedEventsRoundTrip() {
        Fuzz.forAll(3_000, this::event, event -> {
            byte[] bytes = wire.encode(event);
            if (bytes.length > MAX) {
                return;
            }
            RoomEvent back = wire.decode(wire.topic(event), bytes);
            assertSame(back, event);
            assertThat(wire.encode(back)).isEqualTo(bytes);
        });
    }

    private void decodesFaithfullyOrIsRefused(String topic, byte[] payload) throws Exception {
        RoomEvent event;
        try {
            event = wire.decode(topic, payload);
        } catch (RoomEventWire.InvalidRoomEventException e) {
            assertThat(e.reason()).isIn("not_json", "bad_event", "bad_organization", "too_large");
            if (payload.length > MAX) {
                assertThat(e.reason()).isEqualTo("too_large");
            }
            return;
        }
        assertThat(payload.length).isLessThanOrEqualTo(MAX);
        assertThat(RoomEventWire.isValidEventName(event.event())).isTrue();
        // The data a fan-out node will frame as is: well-formed UTF-8, one JSON value, the envelope's own.
        assertThat(RoomEventWire.isUtf8(event.json())).as("data is UTF-8").isTrue();
        JsonNode data = strict.readTree(event.json());
        JsonNode envelope = strict.readTree(payload);
        assertThat(data).isEqualTo(envelope.has("data") ? envelope.get("data") : JsonNodeFactory.instance.nullNode());
        assertThat(event.event()).isEqualTo(envelope.get("event").textValue());
        assertThat(event.organizationId()).isEqualTo(UUID.fromString(envelope.get("organizationId").textValue()));
        RoomEvent again = wire.decode(wire.topic(event), wire.encode(event));
        assertSame(again, event);
    }

    private static void assertSame(RoomEvent actual, RoomEvent expected) {
        assertThat(actual.organizationId()).isEqualTo(expected.organizationId());
        assertThat(actual.room()).isEqualTo(expected.room());
        assertThat(actual.event()).isEqualTo(expected.event());
        assertThat(actual.json()).isEqualTo(expected.json().length == 0 ? "null".getBytes(StandardCharsets.US_ASCII)
                : expected.json());
    }

    private RoomEvent event(SplittableRandom r) {
        Room room = switch (r.nextInt(4)) {
            case 0 -> Room.MACHINES_ALL;
            case 1 -> Room.machine(new UUID(r.nextLong(), r.nextLong()));
            case 2 -> Room.org(new UUID(r.nextLong(), r.nextLong()));
            default -> Room.user("u" + Gens.word(r, 0, 20).replace(":", "x"));
        };
        String name = Gens.text(r, RoomEventWire.MAX_EVENT_NAME);
        if (!RoomEventWire.isValidEventName(name)) {
            name = "e" + name.substring(0, Math.min(name.length(), RoomEventWire.MAX_EVENT_NAME - 1));
        }
        name = name.replaceAll("[\\ud800-\\udfff]", "?"); // a name is sent as UTF-8: whole characters only
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("text", Gens.text(r, 40).replaceAll("[\\ud800-\\udfff]", "?"));
        data.put("n", r.nextLong());
        data.put("x", r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
        byte[] json;
        try {
            json = r.nextInt(8) == 0 ? new byte[0] : mapper.writeValueAsBytes(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new RoomEvent(new UUID(r.nextLong(), r.nextLong()), room, name, json);
    }
}
