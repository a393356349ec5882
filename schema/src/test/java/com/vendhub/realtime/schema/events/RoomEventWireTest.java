package com.vendhub.realtime.schema.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.rooms.Room;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoomEventWireTest {

    private final RoomEventWire wire = new RoomEventWire(TopicScheme.defaults(), WireJson.newObjectMapper(), 1024);
    private final UUID org = UUID.randomUUID();
    private final UUID machine = UUID.randomUUID();

    @Test
    void roundTripsOnTheContractsTopicAndEnvelope() throws Exception {
        RoomEvent event = new RoomEvent(org, Room.machine(machine), "machine:status",
                ("{\"machineId\":\"" + machine + "\",\"status\":\"online\"}").getBytes(StandardCharsets.UTF_8));
        String topic = wire.topic(event);
        assertThat(topic).isEqualTo("vendhub/events/machine:" + machine);
        byte[] bytes = wire.encode(event);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"organizationId\":\"" + org + "\"");
        RoomEvent back = wire.decode(topic, bytes);
        assertThat(back.organizationId()).isEqualTo(org);
        assertThat(back.room()).isEqualTo(event.room());
        assertThat(back.event()).isEqualTo("machine:status");
        assertThat(new String(back.json(), StandardCharsets.UTF_8))
                .isEqualTo(new String(event.json(), StandardCharsets.UTF_8));
        assertThat(wire.filter()).isEqualTo("vendhub/events/#");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "vendhub/events/machines:all|not json|not_json",
        "vendhub/events/machines:all|[1,2]|not_json",
        "vendhub/events/machines:all|{\"data\":1,\"organizationId\":\"ORG\"}|bad_event",
        "vendhub/events/machines:all|{\"event\":\"connect\",\"organizationId\":\"ORG\"}|bad_event",
        "vendhub/events/machines:all|{\"event\":\"e\",\"organizationId\":\"nope\"}|bad_organization",
        "vendhub/events/machines:all|{\"event\":\"e\"}|bad_organization",
        "vendhub/events/../x|{\"event\":\"e\",\"organizationId\":\"ORG\"}|bad_room",
        "other/events/machines:all|{\"event\":\"e\",\"organizationId\":\"ORG\"}|bad_topic",
        "vendhub/events/machines:all|{\"event\":\"e\",\"organizationId\":\"ORG\"} trailing|not_json",
        "vendhub/events/machines:all|{\"event\":\"e\",\"organizationId\":\"ORG\",\"data\":{\"a\":|not_json",
        "vendhub/events/machines:all|{\"event\":\"e\",\"organizationId\":\"ORG\",\"data\":[1,}|not_json",
        "vendhub/events/machines:all|{\"event\":7,\"organizationId\":\"ORG\"}|bad_event",
        "vendhub/events/machines:all|{\"event\":\"e\",\"organizationId\":[\"ORG\"]}|bad_organization",
        "vendhub/events/machines:all|\"just a string\"|not_json",
        "vendhub/events/machines:all|''|not_json",
    })
    void refusesMalformedMessagesWithAReason(String topic, String payload, String reason) {
        byte[] bytes = payload.replace("ORG", org.toString()).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> wire.decode(topic, bytes))
                .isInstanceOfSatisfying(RoomEventWire.InvalidRoomEventException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "{\"n\":1,\"list\":[1,2,{\"x\":null}]}",
        "{ \"spaced\" : [ 1 , 2 ] }",
        "\"a string with \\\"quotes\\\" and \\u00e9\"",
        "42.5",
        "true",
        "null",
        "[]",
    })
    void dataKeepsTheBytesItArrivedWith(String data) throws Exception {
        RoomEvent event = new RoomEvent(org, Room.MACHINES_ALL, "notification", data.getBytes(StandardCharsets.UTF_8));
        RoomEvent back = wire.decode(wire.topic(event), wire.encode(event));
        assertThat(new String(back.json(), StandardCharsets.UTF_8)).isEqualTo(data);
        // And the same from a hand-written envelope with data first and fields in another order.
        byte[] reordered = ("{\"data\":" + data + ",\"organizationId\":\"" + org + "\",\"event\":\"x\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(new String(wire.decode(wire.topic(event), reordered).json(), StandardCharsets.UTF_8)).isEqualTo(data);
    }

    @Test
    void missingDataIsNull() throws Exception {
        byte[] bytes = ("{\"event\":\"e\",\"organizationId\":\"" + org + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(new String(wire.decode("vendhub/events/machines:all", bytes).json(), StandardCharsets.UTF_8))
                .isEqualTo("null");
    }

    @Test
    void refusesOversizedPayloads() {
        byte[] big = ("{\"event\":\"e\",\"organizationId\":\"" + org + "\",\"data\":\"" + "x".repeat(2000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> wire.decode("vendhub/events/machines:all", big))
                .isInstanceOfSatisfying(RoomEventWire.InvalidRoomEventException.class,
                        e -> assertThat(e.reason()).isEqualTo("too_large"));
    }

    /** Found by RoomEventWireFuzzTest: a UTF-16 envelope decoded with its data silently replaced by null. */
    @Test
    void refusesAnEnvelopeThatIsNotUtf8EncodedJson() {
        String envelope = "{\"event\":\"e\",\"data\":2,\"organizationId\":\"" + org + "\"}";
        for (java.nio.charset.Charset charset : new java.nio.charset.Charset[] {
                StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16}) {
            assertThatThrownBy(() -> wire.decode("vendhub/events/machines:all", envelope.getBytes(charset)))
                    .isInstanceOfSatisfying(RoomEventWire.InvalidRoomEventException.class,
                            e -> assertThat(e.reason()).isEqualTo("not_json"));
        }
    }

    /**
     * Found by RoomEventWireFuzzTest: malformed UTF-8 inside "data" (here F4 9F 9A 80, past U+10FFFF; and
     * an overlong C0 80 in a nested value) passed through byte for byte into the fan-out's WebSocket
     * text frames, which a client must fail (RFC 6455 section 8.1).
     */
    @ParameterizedTest
    @CsvSource({"f49f9a80", "c080", "eda080"})
    void refusesMalformedUtf8InTheData(String hex) {
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        for (String template : new String[] {"\"%s\"", "[\"ok\",{\"s\":\"%s\"}]"}) {
            String[] parts = String.format(template, "\u0001").split("\u0001");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.writeBytes(("{\"event\":\"e\",\"organizationId\":\"" + org + "\",\"data\":" + parts[0])
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(bad);
            out.writeBytes((parts[1] + "}").getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> wire.decode("vendhub/events/machines:all", out.toByteArray()))
                    .isInstanceOfSatisfying(RoomEventWire.InvalidRoomEventException.class,
                            e -> assertThat(e.reason()).isEqualTo("not_json"));
        }
    }
}
