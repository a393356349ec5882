package com.vendhub.realtime.fanout.auth;

/** A bearer token that does not authenticate anybody; {@link #reason()} is a metric-safe code. */
public final class InvalidTokenException extends Exception {

    /** Why a token was refused; {@link #tag()} is used as a metric tag and a log field. */
    public enum Reason {
        MISSING("missing"),
        MALFORMED("malformed"),
        EXPIRED("expired"),
        BAD_SIGNATURE("bad_signature"),
        UNSUPPORTED_ALGORITHM("unsupported_algorithm"),
        MISSING_CLAIM("missing_claim"),
        BAD_CLAIM("bad_claim");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final Reason reason;

    public InvalidTokenException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
