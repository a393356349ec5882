package com.vendhub.realtime.ingest.spool;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The on-disk record: {@code int bodyLength, int crc32c(body), body}, where the body is the
 * machine id (16 bytes), the receive time in epoch microseconds (8) and the raw payload. The CRC
 * finds a record torn by a crash (the tail of the last segment), which recovery then drops.
 */
final class Framing {

    static final int HEADER = 8;
    static final int BODY_FIXED = 24;

    private Framing() {
    }

    static int size(int payloadLength) {
        return HEADER + BODY_FIXED + payloadLength;
    }

    /** Writes one record into {@code out} (which has room for {@link #size}). */
    static void write(ByteBuffer out, UUID machineId, Instant receivedAt, byte[] payload) {
        int start = out.position();
        out.position(start + HEADER);
        out.putLong(machineId.getMostSignificantBits());
        out.putLong(machineId.getLeastSignificantBits());
        out.putLong(ChronoUnit.MICROS.between(Instant.EPOCH, receivedAt));
        out.put(payload);
        int end = out.position();
        CRC32C crc = new CRC32C();
        ByteBuffer body = out.duplicate();
        body.position(start + HEADER).limit(end);
        crc.update(body);
        out.putInt(start, end - start - HEADER);
        out.putInt(start + 4, (int) crc.getValue());
    }

    /** Result of looking at the bytes at the buffer's position. */
    enum Peek { COMPLETE, NEED_MORE, CORRUPT }

    static Peek peek(ByteBuffer in, int maxBody) {
        if (in.remaining() < HEADER) {
            return Peek.NEED_MORE;
        }
        int length = in.getInt(in.position());
        if (length < BODY_FIXED || length > maxBody) {
            return Peek.CORRUPT;
        }
        if (in.remaining() < HEADER + length) {
            return Peek.NEED_MORE;
        }
        int expected = in.getInt(in.position() + 4);
        CRC32C crc = new CRC32C();
        ByteBuffer body = in.duplicate();
        body.position(in.position() + HEADER).limit(in.position() + HEADER + length);
        crc.update(body);
        return (int) crc.getValue() == expected ? Peek.COMPLETE : Peek.CORRUPT;
    }

    /** Reads a record {@link #peek} found complete; returns its body length + header. */
    static int read(ByteBuffer in, long startPosition, SpoolRecordSink sink) {
        int length = in.getInt();
        in.getInt();
        UUID machine = new UUID(in.getLong(), in.getLong());
        Instant receivedAt = Instant.EPOCH.plus(in.getLong(), ChronoUnit.MICROS);
        byte[] payload = new byte[length - BODY_FIXED];
        in.get(payload);
        sink.accept(new SpoolRecord(startPosition + HEADER + length, machine, receivedAt, payload));
        return HEADER + length;
    }

    /** Receives records as they are read. */
    @FunctionalInterface
    interface SpoolRecordSink {
        void accept(SpoolRecord record);
    }
}
