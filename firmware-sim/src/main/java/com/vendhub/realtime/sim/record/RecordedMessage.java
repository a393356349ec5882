package com.vendhub.realtime.sim.record;

import java.time.Instant;
import java.util.Objects;

/**
 * One MQTT message as {@code vendhub-sim record} saw it: a line of the recording.
 *
 * @param topic     the topic it was published on
 * @param timestamp when the recorder received it (the replay's pacing follows these)
 * @param retained  whether it came with the retain flag (a machine's status does)
 * @param payload   the payload bytes, unchanged
 */
public record RecordedMessage(String topic, Instant timestamp, boolean retained, byte[] payload) {

    public RecordedMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(payload, "payload");
    }
}
