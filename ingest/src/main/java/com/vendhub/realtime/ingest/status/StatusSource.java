package com.vendhub.realtime.ingest.status;

import java.util.Locale;

/** What told us a machine's status; stored with each change. */
public enum StatusSource {
    /** The machine's retained {@code status} topic (or its Last Will, on an external broker). */
    STATUS_TOPIC,
    /** The {@code status} field of a telemetry reading. */
    TELEMETRY,
    /** The machine's MQTT connection opened. */
    CONNECTED,
    /** The machine's MQTT connection closed, cleanly or not. */
    DISCONNECTED,
    /** Nothing heard from the machine for the silence timeout ({@link SilenceWatch}). */
    SILENCE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
