package com.vendhub.realtime.schema.model;

import java.time.Instant;
import java.util.List;

/** The payload of {@code .../ack}: the timestamps of this machine's readings now stored for good. */
public record CommitAck(List<Instant> timestamps) {

    public CommitAck {
        timestamps = List.copyOf(timestamps);
    }
}
