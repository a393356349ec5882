package com.vendhub.realtime.schema.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.schema.rooms.Room;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The event stream between ingest workers / backend services and fan-out nodes: a {@link RoomEvent}
 * travels on {@code {prefix}/events/{room}} as {@code {"event": name, "data": any, "organizationId":
 * uuid}} (docs/contract.md, "MQTT"). Every producer (ingest worker, backend) encodes with {@link
 * #encode}; every fan-out node decodes with {@link #decode}. Thread-safe.
 */
public final class RoomEventWire {

    /** Event names the Socket.IO protocol reserves; a stream event may never use them. */
    private static final Set<String> RESERVED =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");
    private static final byte[] EVENT_PREFIX = "{\"event\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_PREFIX = ",\"data\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ORGANIZATION_PREFIX = ",\"organizationId\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = "\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    /** Longest event name accepted. */
    public static final int MAX_EVENT_NAME = 128;

    private final TopicScheme topics;
    private final ObjectMapper mapper;
    private final int maxPayloadBytes;

    public RoomEventWire(TopicScheme topics, ObjectMapper mapper, int maxPayloadBytes) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive");
        }
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /**
     * True for a name a stream (or REST) event may carry: non-empty, at most {@link #MAX_EVENT_NAME}
     * characters, and not one the Socket.IO protocol reserves ({@code connect}, {@code disconnect}, ...).
     */
    public static boolean isValidEventName(String name) {
        return name != null && !name.isEmpty() && name.length() <= MAX_EVENT_NAME && !RESERVED.contains(name);
    }

    /** The topic of {@code event}. */
    public String topic(RoomEvent event) {
        return topics.event(event.room().name());
    }

    /** The MQTT filter a fan-out node subscribes to: {@code {prefix}/events/#}. */
    public String filter() {
        return topics.event("#");
    }

    /**
     * The envelope around {@code event.json()}, which goes in as it is: it is already JSON (a
     * {@link RoomEvent} holds encoded data), so it is not parsed and written again.
     */
    public byte[] encode(RoomEvent event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(event.json().length + 96);
            out.write(EVENT_PREFIX);
            out.write(mapper.writeValueAsBytes(event.event()));
            out.write(DATA_PREFIX);
            out.write(event.json().length == 0 ? NULL : event.json());
            out.write(ORGANIZATION_PREFIX);
            out.write(event.organizationId().toString().getBytes(StandardCharsets.US_ASCII));
            out.write(SUFFIX);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an event name", e);
        }
    }

    /**
     * Decodes one stream message; the reason in the exception is a short metric tag. One streaming
     * pass: {@code data} keeps the bytes it arrived with (a fan-out node frames them as they are),
     * instead of being built into a tree and serialized again for every event.
     */
    public RoomEvent decode(String topic, byte[] payload) throws InvalidRoomEventException {
        String root = topics.event("");
        if (topic == null || !topic.startsWith(root)) {
            throw new InvalidRoomEventException("bad_topic");
        }
        Room room = Room.parse(topic.substring(root.length()))
                .orElseThrow(() -> new InvalidRoomEventException("bad_room"));
        if (payload.length > maxPayloadBytes) {
            throw new InvalidRoomEventException("too_large");
        }
        if (!isUtf8(payload)) {
            // Jackson lets some malformed UTF-8 through (a lead byte past U+10FFFF, overlong forms; in
            // skipped values even more), and "data" goes on byte for byte into WebSocket text frames,
            // which a client must fail on invalid UTF-8 (RFC 6455 section 8.1): one bad event would
            // drop every watcher of the room. The stream is UTF-8 JSON (RFC 8259 section 8.1).
            throw new InvalidRoomEventException("not_json");
        }
        String name = null;
        boolean nameIsText = false;
        String organization = null;
        boolean organizationIsText = false;
        int dataStart = -1;
        int dataEnd = -1;
        try (JsonParser parser = mapper.getFactory().createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidRoomEventException("not_json");
            }
            if (parser.currentTokenLocation().getByteOffset() < 0) {
                // Jackson detected UTF-16 or UTF-32 and reads characters, so there are no byte offsets
                // to cut "data" at (it came out null). The stream is UTF-8 (RFC 8259 section 8.1).
                throw new InvalidRoomEventException("not_json");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                // A repeated field counts once, the last one, as with a tree.
                switch (field) {
                    case "event" -> {
                        nameIsText = value == JsonToken.VALUE_STRING;
                        name = nameIsText ? parser.getText() : null;
                        parser.skipChildren();
                    }
                    case "organizationId" -> {
                        organizationIsText = value == JsonToken.VALUE_STRING;
                        organization = organizationIsText ? parser.getText() : null;
                        parser.skipChildren();
                    }
                    case "data" -> {
                        dataStart = (int) parser.currentTokenLocation().getByteOffset();
                        parser.skipChildren();
                        parser.finishToken(); // a string's closing quote is read only on demand
                        dataEnd = (int) parser.currentLocation().getByteOffset();
                    }
                    default -> parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new InvalidRoomEventException("not_json");
            }
        } catch (IOException e) {
            throw new InvalidRoomEventException("not_json");
        }
        if (!nameIsText || !isValidEventName(name)) {
            throw new InvalidRoomEventException("bad_event");
        }
        UUID org;
        try {
            if (!organizationIsText) {
                throw new InvalidRoomEventException("bad_organization");
            }
            org = UUID.fromString(organization);
        } catch (IllegalArgumentException e) {
            throw new InvalidRoomEventException("bad_organization");
        }
        byte[] data = dataStart < 0 || dataEnd <= dataStart ? NULL : Arrays.copyOfRange(payload, dataStart, dataEnd);
        return new RoomEvent(org, room, name, data);
    }

    /**
     * Strict UTF-8 (the JDK decoder refuses overlong forms, surrogates and code points past U+10FFFF);
     * also the fuzz test's check that a decoded event's data is UTF-8.
     */
    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** A stream message that is not a valid room event. */
    public static final class InvalidRoomEventException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String reason;

        public InvalidRoomEventException(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
