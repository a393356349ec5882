package com.vendhub.realtime.ingest.spool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how big the spool is (docs/architecture.md, "Bounds").
 *
 * @param directory     the spool's own directory (segment files and the committed marker)
 * @param segmentBytes  a segment is closed (synced) and a new one begun past this size
 * @param maxTotalBytes disk the spool may use; past it a reading is refused and counted
 * @param syncInterval  how often the current segment is synced to disk (group sync); a machine
 *                      crash (not a process crash: the page cache survives that) loses at most
 *                      what arrived within this interval
 */
public record SpoolSettings(Path directory, long segmentBytes, long maxTotalBytes, Duration syncInterval) {

    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    public static final long DEFAULT_MAX_TOTAL_BYTES = 2L << 30;
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMillis(5);

    public SpoolSettings {
        Objects.requireNonNull(directory, "directory");
        if (segmentBytes < 1024 || maxTotalBytes < segmentBytes) {
            throw new IllegalArgumentException("spool segment must be >= 1 KiB and the total >= one segment");
        }
        if (syncInterval.isNegative() || syncInterval.isZero()) {
            throw new IllegalArgumentException("spool sync interval must be positive");
        }
    }

    public static SpoolSettings defaults(Path directory) {
        return new SpoolSettings(directory, DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_TOTAL_BYTES, DEFAULT_SYNC_INTERVAL);
    }
}
