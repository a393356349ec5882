package com.vendhub.realtime.fanout.engineio;

import java.util.Optional;

/** Engine.IO v4 packet types ("Protocol, Packet encoding": one digit before the data). */
public enum EngineIoPacketType {
    OPEN('0'),
    CLOSE('1'),
    PING('2'),
    PONG('3'),
    MESSAGE('4'),
    UPGRADE('5'),
    NOOP('6');

    private final char code;

    EngineIoPacketType(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    public static Optional<EngineIoPacketType> fromCode(char c) {
        return c >= '0' && c <= '6' ? Optional.of(values()[c - '0']) : Optional.empty();
    }
}
