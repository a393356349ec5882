package com.vendhub.realtime.fanout.engineio;

import java.util.Optional;
import java.util.Set;

/**
 * Checks an Engine.IO request's query before the session is looked up, in the reference server's
 * order: transport, protocol version, method, upgrade headers. Whether a {@code sid} is known is
 * the server's to decide ({@link EngineIoHandshakeError#UNKNOWN_SID}).
 */
public final class EngineIoHandshake {

    /** The only protocol revision spoken (socket.io-client 3.x/4.x). */
    public static final String PROTOCOL_VERSION = "4";

    private final Set<String> transports;

    /** @param transports the transports this server offers, e.g. {@code Set.of("websocket")} */
    public EngineIoHandshake(Set<String> transports) {
        this.transports = Set.copyOf(transports);
    }

    /**
     * @param transport the {@code transport} query parameter (null when absent)
     * @param eio the {@code EIO} query parameter
     * @param sid the {@code sid} query parameter
     * @param isGet whether the method is GET
     * @param isWebSocketUpgrade whether {@code Connection: upgrade} and {@code Upgrade: websocket} are present
     */
    public Optional<EngineIoHandshakeError> check(String transport, String eio, String sid, boolean isGet,
            boolean isWebSocketUpgrade) {
        if (transport == null || !transports.contains(transport)) {
            return Optional.of(EngineIoHandshakeError.UNKNOWN_TRANSPORT);
        }
        if (!PROTOCOL_VERSION.equals(eio)) {
            return Optional.of(EngineIoHandshakeError.UNSUPPORTED_PROTOCOL_VERSION);
        }
        if (sid == null && !isGet) {
            // Only a GET opens a session; a POST needs the sid of an open polling session.
            return Optional.of(EngineIoHandshakeError.BAD_HANDSHAKE_METHOD);
        }
        if ("websocket".equals(transport) && (!isGet || !isWebSocketUpgrade)) {
            return Optional.of(EngineIoHandshakeError.BAD_REQUEST);
        }
        return Optional.empty();
    }
}
