package com.vendhub.realtime.fanout.engineio;

import java.net.SocketAddress;

/** What the upper layer may know about the request that opened a session; {@code authorization} may be null. */
public record HandshakeInfo(String authorization, SocketAddress remoteAddress, String transport) {

    @Override
    public String toString() {
        // Never render the Authorization header: it carries a token.
        return "HandshakeInfo[remote=" + remoteAddress + ", transport=" + transport + "]";
    }
}
