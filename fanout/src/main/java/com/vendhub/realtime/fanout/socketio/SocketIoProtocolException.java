package com.vendhub.realtime.fanout.socketio;

/** Input that is not a valid Socket.IO packet; {@link #reason()} is a short metric tag. */
public final class SocketIoProtocolException extends Exception {

    /** Reason for binary packets (types 5 and 6), which this server does not accept. */
    public static final String BINARY_UNSUPPORTED = "binary_unsupported";

    private final String reason;

    public SocketIoProtocolException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
