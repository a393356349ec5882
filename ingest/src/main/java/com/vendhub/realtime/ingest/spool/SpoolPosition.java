package com.vendhub.realtime.ingest.spool;

/**
 * A place in the spool as one long: segment number in the high bits, byte offset in the low 40
 * (segments are far smaller than 1 TiB), so positions compare as numbers.
 */
public final class SpoolPosition {

    private static final int OFFSET_BITS = 40;
    private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;

    private SpoolPosition() {
    }

    public static long of(long segment, long offset) {
        return (segment << OFFSET_BITS) | offset;
    }

    public static long segment(long position) {
        return position >>> OFFSET_BITS;
    }

    public static long offset(long position) {
        return position & OFFSET_MASK;
    }
}
