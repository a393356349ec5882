package com.vendhub.realtime.schema.validation;

/** The outcome of validating one payload: the accepted value, or why it was rejected. */
public sealed interface ValidationResult<T> {

    /** A payload that obeys every rule, as the server will store and forward it. */
    record Accepted<T>(T value) implements ValidationResult<T> {
    }

    /** A payload that broke a rule; {@code detail} names the field and the rule, for logs and dead letters. */
    record Rejected<T>(RejectReason reason, String detail) implements ValidationResult<T> {
    }
}
