package com.vendhub.realtime.fanout.engineio;

/**
 * Encodes and decodes text Engine.IO v4 packets as carried in one WebSocket text frame
 * ("Protocol, Packet encoding": type digit followed by the data, no length prefix, no base64
 * marker over WebSocket). Thread-safe.
 */
public final class EngineIoCodec {

    private final int maxPayloadChars;

    /** @param maxPayloadChars longest packet accepted (the handshake's {@code maxPayload}) */
    public EngineIoCodec(int maxPayloadChars) {
        if (maxPayloadChars < 1) {
            throw new IllegalArgumentException("maxPayloadChars must be positive");
        }
        this.maxPayloadChars = maxPayloadChars;
    }

    public static String encode(EngineIoPacket packet) {
        return packet.type().code() + packet.data();
    }

    public EngineIoPacket decode(String text) throws EngineIoProtocolException {
        if (text == null || text.isEmpty()) {
            throw new EngineIoProtocolException("empty_packet", "empty Engine.IO packet");
        }
        if (text.length() > maxPayloadChars) {
            throw new EngineIoProtocolException("payload_too_large",
                    "Engine.IO packet of " + text.length() + " chars exceeds maxPayload " + maxPayloadChars);
        }
        char code = text.charAt(0);
        EngineIoPacketType type = EngineIoPacketType.fromCode(code).orElseThrow(() ->
                new EngineIoProtocolException("unknown_packet_type", "unknown Engine.IO packet type"));
        return new EngineIoPacket(type, text.substring(1));
    }
}
