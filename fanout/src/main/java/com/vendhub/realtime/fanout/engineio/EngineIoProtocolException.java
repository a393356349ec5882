package com.vendhub.realtime.fanout.engineio;

/** Input that is not valid Engine.IO; {@link #reason()} is a short metric tag. */
public final class EngineIoProtocolException extends Exception {

    private final String reason;

    public EngineIoProtocolException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
