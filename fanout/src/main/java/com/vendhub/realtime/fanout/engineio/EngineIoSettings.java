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
 * @param pollingMaxPendingPackets packets a polling client may have waiting for its next GET before it is closed
 * @param upgradeTimeout how long a probing websocket may take to send the upgrade packet
 */
public record EngineIoSettings(Duration pingInterval, Duration pingTimeout, int maxPayloadBytes,
        int webSocketMaxFrameBytes, Duration slowClientGrace, long maxOutboundBytes, int pollingMaxPendingPackets, Duration upgradeTimeout) {

    public EngineIoSettings {
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(pingTimeout, "pingTimeout");
        Objects.requireNonNull(slowClientGrace, "slowClientGrace");
        if (pingInterval.isNegative() || pingInterval.isZero() || pingTimeout.isNegative() || pingTimeout.isZero()) {
            throw new IllegalArgumentException("pingInterval and pingTimeout must be positive");
        }
        Objects.requireNonNull(upgradeTimeout, "upgradeTimeout");
        if (pollingMaxPendingPackets < 1 || upgradeTimeout.isNegative() || upgradeTimeout.isZero()) {
            throw new IllegalArgumentException("polling bounds must be positive");
        }
        if (maxPayloadBytes < 1 || webSocketMaxFrameBytes < 1 || maxOutboundBytes < 1 || slowClientGrace.isNegative()) {
            throw new IllegalArgumentException("Engine.IO bounds must be positive");
        }
    }

    /**
     * The open packet's JSON ("Protocol, Handshake"); a polling session is offered the websocket
     * upgrade, a websocket session nothing.
     */
    public String openPacketJson(String sid, boolean offerWebSocket) {
        return "{\"sid\":\"" + sid + "\",\"upgrades\":" + (offerWebSocket ? "[\"websocket\"]" : "[]")
                + ",\"pingInterval\":" + pingInterval.toMillis()
                + ",\"pingTimeout\":" + pingTimeout.toMillis() + ",\"maxPayload\":" + maxPayloadBytes + "}";
    }
}
