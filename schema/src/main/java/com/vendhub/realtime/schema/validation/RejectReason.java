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
    /** A time of the reading is further in the future than the allowed clock skew. */
    FUTURE_TIMESTAMP,
    /** A time of the reading is before {@link ValidationLimits#earliestDeviceTime()} (a reset device clock). */
    TIMESTAMP_TOO_OLD,
    /** A text holds a control character (NUL, which PostgreSQL cannot store, and the rest of C0, DEL, C1) or a lone surrogate. */
    CONTROL_CHARACTER,
    /**
     * The database refused the validated reading for a data reason (SQL state class 22, 23 or 54); the
     * batch writer isolated it so the rest of its batch was stored.
     */
    DATABASE_REFUSED,
    /** Published on a topic the platform does not accept payloads on. */
    UNKNOWN_TOPIC,
    /** The topic names a machine that is not provisioned. */
    UNKNOWN_MACHINE;

    /** The snake-case form used in metrics and the dead-letter table. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
