package com.vendhub.realtime.ingest.spool;

import java.time.Instant;
import java.util.UUID;

/** One spooled reading as read back: the raw payload the machine sent, and where the record ends in the spool. */
public record SpoolRecord(long end, UUID machineId, Instant receivedAt, byte[] payload) {
}
