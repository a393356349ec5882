package com.vendhub.realtime.schema.validation;

import java.util.Locale;

/** Why a message was not stored as telemetry; the metric tag and the dead letter's {@code reason}. */
public enum RejectReason {
    /** Larger than {@link ValidationLimits#maxPayloadBytes()}. */
    TOO_LARGE,
    /** Not parseable JSON, or not a JSON object. */
    NOT_JSON,
    /** A field is missing, of the wrong type, or out of range. */
    INVALID_FIELD,
    /** {@code machineId} in the payload is not the machine of the topic. */
    MACHINE_MISMATCH,
    /** The timestamp is further in the future than the allowed clock skew. */
    FUTURE_TIMESTAMP,
    /** Published on a topic the platform does not accept payloads on. */
    UNKNOWN_TOPIC,
    /** The topic names a machine that is not provisioned. */
    UNKNOWN_MACHINE;

    /** The snake-case form used in metrics and the dead-letter table. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
