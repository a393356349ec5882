package com.vendhub.realtime.fanout.engineio;

/**
 * The Engine.IO server's handshake error codes, answered as HTTP 400 (403 for FORBIDDEN) with
 * {@code {"code":n,"message":"..."}}, exactly as the reference server does.
 */
public enum EngineIoHandshakeError {
    UNKNOWN_TRANSPORT(0, "Transport unknown", "unknown_transport"),
    UNKNOWN_SID(1, "Session ID unknown", "unknown_sid"),
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method", "bad_handshake_method"),
    BAD_REQUEST(3, "Bad request", "bad_request"),
    FORBIDDEN(4, "Forbidden", "forbidden"),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version", "unsupported_protocol_version");

    private final int code;
    private final String message;
    private final String tag;

    EngineIoHandshakeError(int code, String message, String tag) {
        this.code = code;
        this.message = message;
        this.tag = tag;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }

    public String tag() {
        return tag;
    }

    public int httpStatus() {
        return this == FORBIDDEN ? 403 : 400;
    }

    /** The response body; the message is a constant, so no escaping is needed. */
    public String json() {
        return "{\"code\":" + code + ",\"message\":\"" + message + "\"}";
    }
}
