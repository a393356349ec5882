package com.vendhub.realtime.fanout.engineio;

/** Creates the upper layer for each new Engine.IO session. */
@FunctionalInterface
public interface EngineIoConnectionHandler {

    /** Called on the session's executor before the open packet is sent. */
    EngineIoListener onOpen(EngineIoSession session, HandshakeInfo handshake);
}
