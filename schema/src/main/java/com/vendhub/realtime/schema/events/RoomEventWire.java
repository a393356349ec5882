package com.vendhub.realtime.schema.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vendhub.realtime.schema.rooms.Room;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The event stream between ingest workers / backend services and fan-out nodes: a {@link RoomEvent}
 * travels on {@code {prefix}/events/{room}} as {@code {"event": name, "data": any, "organizationId":
 * uuid}} (the contract's MQTT table). Every producer (ingest worker, backend) encodes with {@link
 * #encode}; every fan-out node decodes with {@link #decode}. Thread-safe.
 */
public final class RoomEventWire {

    /** Event names the Socket.IO protocol reserves; a stream event may never use them. */
    private static final Set<String> RESERVED =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");
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

    public byte[] encode(RoomEvent event) {
        try {
            ObjectNode envelope = mapper.createObjectNode();
            envelope.put("event", event.event());
            envelope.set("data", event.json().length == 0 ? null : mapper.readTree(event.json()));
            envelope.put("organizationId", event.organizationId().toString());
            return mapper.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new IllegalArgumentException("event data is not JSON", e);
        }
    }

    /** Decodes one stream message; the reason in the exception is a short metric tag. */
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
        JsonNode envelope;
        try {
            envelope = mapper.readTree(payload);
        } catch (IOException e) {
            throw new InvalidRoomEventException("not_json");
        }
        if (envelope == null || !envelope.isObject()) {
            throw new InvalidRoomEventException("not_json");
        }
        JsonNode name = envelope.get("event");
        if (name == null || !name.isTextual() || !isValidEventName(name.textValue())) {
            throw new InvalidRoomEventException("bad_event");
        }
        UUID org;
        try {
            JsonNode o = envelope.get("organizationId");
            if (o == null || !o.isTextual()) {
                throw new InvalidRoomEventException("bad_organization");
            }
            org = UUID.fromString(o.textValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidRoomEventException("bad_organization");
        }
        JsonNode data = envelope.get("data");
        try {
            return new RoomEvent(org, room, name.textValue(),
                    mapper.writeValueAsBytes(data == null ? mapper.nullNode() : data));
        } catch (JsonProcessingException e) {
            throw new InvalidRoomEventException("not_json");
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
