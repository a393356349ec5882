package com.vendhub.realtime.fanout.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One decoded Socket.IO packet: namespace ({@code "/"} when absent), optional ack id, optional
 * JSON data (an array for EVENT/ACK, an object for CONNECT).
 */
public record SocketIoPacket(SocketIoPacketType type, String namespace, Long ackId, JsonNode data) {

    public static final String MAIN_NAMESPACE = "/";

    public SocketIoPacket {
        Objects.requireNonNull(type, "type");
        namespace = namespace == null ? MAIN_NAMESPACE : namespace;
    }

    public static SocketIoPacket of(SocketIoPacketType type, JsonNode data) {
        return new SocketIoPacket(type, MAIN_NAMESPACE, null, data);
    }
}
