package com.vendhub.realtime.fanout.engineio;

/** The layer above Engine.IO (Socket.IO) for one session; called on the session's executor. */
public interface EngineIoListener {

    /** The data of one {@code message} packet. */
    void onMessage(String data);

    /** The session is gone; {@code reason} is a metric tag such as {@code ping_timeout}. */
    void onClose(String reason);
}
