package com.vendhub.realtime.fanout.socketio;

import java.util.Optional;

/** Socket.IO v5 packet types ("Protocol, Format": the first character of the packet). */
public enum SocketIoPacketType {
    CONNECT,
    DISCONNECT,
    EVENT,
    ACK,
    CONNECT_ERROR,
    BINARY_EVENT,
    BINARY_ACK;

    public char code() {
        return (char) ('0' + ordinal());
    }

    public boolean isBinary() {
        return this == BINARY_EVENT || this == BINARY_ACK;
    }

    public static Optional<SocketIoPacketType> fromCode(char c) {
        return c >= '0' && c <= '6' ? Optional.of(values()[c - '0']) : Optional.empty();
    }
}
