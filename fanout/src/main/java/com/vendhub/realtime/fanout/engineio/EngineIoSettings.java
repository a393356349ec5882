package com.vendhub.realtime.fanout.engineio;

import java.time.Duration;
import java.util.Objects;

/**
 * Engine.IO bounds. {@code pingInterval}/{@code pingTimeout}/{@code maxPayloadBytes} are announced
 * in the open packet; the rest bound what one WebSocket client may cost the server.
 *
 * @param pingInterval time between server pings (the reference default is 25 s)
 * @param pingTimeout how long a pong may take before the session is closed (reference default 20 s)
 * @param maxPayloadBytes largest message a client may send (reference {@code maxHttpBufferSize}, 1e6)
 * @param webSocketMaxFrameBytes largest single WebSocket frame accepted
 * @param slowClientGrace how long a socket may stay unwritable (past the high water mark) before it is closed
 * @param maxOutboundBytes pending outbound bytes past which an unwritable socket is closed at once
 */
public record EngineIoSettings(Duration pingInterval, Duration pingTimeout, int maxPayloadBytes,
        int webSocketMaxFrameBytes, Duration slowClientGrace, long maxOutboundBytes) {

    public EngineIoSettings {
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(pingTimeout, "pingTimeout");
        Objects.requireNonNull(slowClientGrace, "slowClientGrace");
        if (pingInterval.isNegative() || pingInterval.isZero() || pingTimeout.isNegative() || pingTimeout.isZero()) {
            throw new IllegalArgumentException("pingInterval and pingTimeout must be positive");
        }
        if (maxPayloadBytes < 1 || webSocketMaxFrameBytes < 1 || maxOutboundBytes < 1 || slowClientGrace.isNegative()) {
            throw new IllegalArgumentException("Engine.IO bounds must be positive");
        }
    }

    /** The open packet's JSON ("Protocol, Handshake"); websocket-only for now, so no upgrades are offered. */
    public String openPacketJson(String sid) {
        return "{\"sid\":\"" + sid + "\",\"upgrades\":[],\"pingInterval\":" + pingInterval.toMillis()
                + ",\"pingTimeout\":" + pingTimeout.toMillis() + ",\"maxPayload\":" + maxPayloadBytes + "}";
    }
}
