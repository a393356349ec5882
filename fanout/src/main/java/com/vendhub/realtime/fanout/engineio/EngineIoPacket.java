package com.vendhub.realtime.fanout.engineio;

import java.util.Objects;

/** One text Engine.IO packet; {@code data} is empty when the packet carries none. */
public record EngineIoPacket(EngineIoPacketType type, String data) {

    public EngineIoPacket {
        Objects.requireNonNull(type, "type");
        data = data == null ? "" : data;
    }

    public static EngineIoPacket of(EngineIoPacketType type) {
        return new EngineIoPacket(type, "");
    }

    public static EngineIoPacket message(String data) {
        return new EngineIoPacket(EngineIoPacketType.MESSAGE, data);
    }
}
