package com.vendhub.realtime.fanout.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Set;

/**
 * Encodes and decodes Socket.IO v5 string packets: {@code <type>[<namespace>,][<ack id>][<JSON>]}
 * ("Protocol, Format"), validating payloads the way the reference parser does. Thread-safe.
 */
public final class SocketIoCodec {

    /** Event names the protocol reserves ("Protocol, Packet format, EVENT"): a client may not send them. */
    public static final Set<String> RESERVED_EVENTS =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    /** Ack ids are JavaScript numbers; 15 digits stay exact in a double. */
    static final int MAX_ACK_ID_DIGITS = 15;

    private final ObjectMapper mapper;
    private final ObjectReader strictReader;
    private final int maxPacketChars;

    public SocketIoCodec(ObjectMapper mapper, int maxPacketChars) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.strictReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        if (maxPacketChars < 1) {
            throw new IllegalArgumentException("maxPacketChars must be positive");
        }
        this.maxPacketChars = maxPacketChars;
    }

    public String encode(SocketIoPacket packet) {
        if (packet.type().isBinary()) {
            throw new IllegalArgumentException("binary packets are not supported");
        }
        StringBuilder out = new StringBuilder(64).append(packet.type().code());
        if (!SocketIoPacket.MAIN_NAMESPACE.equals(packet.namespace())) {
            out.append(packet.namespace()).append(',');
        }
        if (packet.ackId() != null) {
            out.append(packet.ackId().longValue());
        }
        if (packet.data() != null) {
            try {
                out.append(mapper.writeValueAsString(packet.data()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot encode a JsonNode", e);
            }
        }
        return out.toString();
    }

    /**
     * The Engine.IO {@code message} packet for {@code 42["<event>",<json>,"<offset>"]}, encoded once
     * into a direct buffer that every recipient's frame then shares. The offset is the last argument,
     * as socket.io 4.6+ sends it with {@code connectionStateRecovery}: the client keeps it and
     * presents it when it reconnects. {@code offset} null leaves it out.
     */
    public ByteBuf encodeEventMessage(ByteBufAllocator allocator, String event, byte[] json, String offset) {
        byte[] name;
        try {
            name = mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an event name", e);
        }
        byte[] payload = json.length == 0 ? NULL_JSON : json;
        byte[] offsetJson = offset == null ? null : ("\"" + offset + "\"").getBytes(StandardCharsets.UTF_8);
        if (offset != null && !offset.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("offsets are decimal");
        }
        ByteBuf buf = allocator.directBuffer(5 + name.length + payload.length
                + (offsetJson == null ? 0 : offsetJson.length));
        buf.writeByte('4');               // Engine.IO "message"
        buf.writeByte('2');               // Socket.IO EVENT, main namespace, no ack id
        buf.writeByte('[');
        buf.writeBytes(name);
        buf.writeByte(',');
        buf.writeBytes(payload);
        if (offsetJson != null) {
            buf.writeByte(',');
            buf.writeBytes(offsetJson);
        }
        buf.writeByte(']');
        return buf;
    }

    private static final byte[] NULL_JSON = {'n', 'u', 'l', 'l'};

    public SocketIoPacket decode(String text) throws SocketIoProtocolException {
        if (text == null || text.isEmpty()) {
            throw new SocketIoProtocolException("empty_packet", "empty Socket.IO packet");
        }
        if (text.length() > maxPacketChars) {
            throw new SocketIoProtocolException("payload_too_large", "Socket.IO packet exceeds " + maxPacketChars);
        }
        SocketIoPacketType type = SocketIoPacketType.fromCode(text.charAt(0)).orElseThrow(() ->
                new SocketIoProtocolException("unknown_packet_type", "unknown Socket.IO packet type"));
        if (type.isBinary()) {
            // Attachments would arrive as separate binary frames; we never reassemble them.
            throw new SocketIoProtocolException(SocketIoProtocolException.BINARY_UNSUPPORTED,
                    "binary Socket.IO packets are not supported");
        }
        int i = 1;
        String namespace = SocketIoPacket.MAIN_NAMESPACE;
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? text.length() : comma;
            namespace = text.substring(i, end);
            i = comma < 0 ? end : comma + 1;
        }
        Long ackId = null;
        int digitsStart = i;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i > digitsStart) {
            if (i - digitsStart > MAX_ACK_ID_DIGITS) {
                throw new SocketIoProtocolException("bad_ack_id", "ack id too long");
            }
            ackId = Long.parseLong(text, digitsStart, i, 10);
        }
        JsonNode data = null;
        if (i < text.length()) {
            try {
                data = strictReader.readTree(text.substring(i));
            } catch (JsonProcessingException e) {
                throw new SocketIoProtocolException("invalid_json", "Socket.IO payload is not JSON");
            }
            if (data == null || data.isMissingNode()) {
                throw new SocketIoProtocolException("invalid_json", "Socket.IO payload is not JSON");
            }
            if (hasNonFiniteNumber(data)) {
                // 1e999 parses to an infinite double, which encodes as the string "Infinity": the packet
                // would not survive a round trip (a number turning into text). No JSON value is infinite.
                throw new SocketIoProtocolException("invalid_json", "Socket.IO payload has a number out of range");
            }
        }
        if (!isPayloadValid(type, data)) {
            throw new SocketIoProtocolException("invalid_payload", "invalid payload for " + type);
        }
        return new SocketIoPacket(type, namespace, ackId, data);
    }

    /** Whether {@code data} holds a floating-point number that overflowed to infinity. Iterative: depth is the mapper's bound. */
    private static boolean hasNonFiniteNumber(JsonNode data) {
        ArrayDeque<JsonNode> pending = new ArrayDeque<>();
        pending.push(data);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue()) && !node.isBigDecimal()) {
                return true;
            }
            if (node.isContainerNode()) {
                node.elements().forEachRemaining(pending::push);
            }
        }
        return false;
    }

    /** The reference parser's {@code isPayloadValid}, with the data optional where the protocol allows it. */
    private static boolean isPayloadValid(SocketIoPacketType type, JsonNode data) {
        return switch (type) {
            case CONNECT -> data == null || data.isObject();
            case DISCONNECT -> data == null;
            case CONNECT_ERROR -> data == null || data.isTextual() || data.isObject();
            case EVENT -> data != null && data.isArray() && !data.isEmpty()
                    && (data.get(0).isNumber()
                        || (data.get(0).isTextual() && !RESERVED_EVENTS.contains(data.get(0).textValue())));
            case ACK -> data != null && data.isArray();
            case BINARY_EVENT, BINARY_ACK -> false;
        };
    }
}
