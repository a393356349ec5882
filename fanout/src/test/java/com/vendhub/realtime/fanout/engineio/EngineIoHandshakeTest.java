package com.vendhub.realtime.fanout.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class EngineIoHandshakeTest {

    private final EngineIoHandshake handshake = new EngineIoHandshake(Set.of("websocket", "polling"));

    @Test
    void acceptsAWebSocketUpgradeOnV4() {
        assertThat(handshake.check("websocket", "4", null, true, true)).isEmpty();
    }

    @Test
    void refusesInTheReferenceServersOrder() {
        assertThat(handshake.check("flashsocket", "4", null, true, false)).contains(EngineIoHandshakeError.UNKNOWN_TRANSPORT);
        assertThat(handshake.check(null, "4", null, true, true)).contains(EngineIoHandshakeError.UNKNOWN_TRANSPORT);
        assertThat(handshake.check("websocket", "3", null, true, true))
                .contains(EngineIoHandshakeError.UNSUPPORTED_PROTOCOL_VERSION);
        assertThat(handshake.check("websocket", null, null, true, true))
                .contains(EngineIoHandshakeError.UNSUPPORTED_PROTOCOL_VERSION);
        // Whether a sid is known is the server's lookup (UNKNOWN_SID), not the query check.
        assertThat(handshake.check("websocket", "4", "abc", true, true)).isEmpty();
        assertThat(handshake.check("polling", "4", "abc", false, false)).isEmpty();
        assertThat(handshake.check("polling", "4", null, false, false))
                .contains(EngineIoHandshakeError.BAD_HANDSHAKE_METHOD);
        assertThat(handshake.check("websocket", "4", null, false, true))
                .contains(EngineIoHandshakeError.BAD_HANDSHAKE_METHOD);
        assertThat(handshake.check("websocket", "4", null, true, false)).contains(EngineIoHandshakeError.BAD_REQUEST);
    }

    @Test
    void errorBodiesMatchTheReferenceServer() {
        assertThat(EngineIoHandshakeError.UNSUPPORTED_PROTOCOL_VERSION.json())
                .isEqualTo("{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        assertThat(EngineIoHandshakeError.UNKNOWN_TRANSPORT.json()).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
        assertThat(EngineIoHandshakeError.FORBIDDEN.httpStatus()).isEqualTo(403);
        assertThat(EngineIoHandshakeError.BAD_REQUEST.httpStatus()).isEqualTo(400);
    }
}
