package com.vendhub.realtime.ingest.store;

import com.vendhub.realtime.schema.model.BunkerLevel;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A batch's telemetry and bunker rows in COPY text format, each distinct reading once. One instance
 * per writer thread: the buffers are reused from batch to batch.
 */
final class CopyText {

    /** Past this many characters, a buffer is released after use so one huge batch does not pin memory. */
    private static final int KEEP_CAPACITY = 1 << 24;

    /** A reading's identity in the tables: (machine, time), the telemetry primary key. */
    private record Key(java.util.UUID machine, Instant ts) {
    }

    private final StringBuilder telemetry = new StringBuilder(1 << 16);
    private final StringBuilder bunkers = new StringBuilder(1 << 18);
    private final Set<Key> seen = new HashSet<>();
    private int telemetryRows;
    private int bunkerRows;

    /**
     * Formats {@code batch}. A reading that appears twice (a redelivery that arrived in the same batch)
     * is written once, so a plain COPY into the tables cannot conflict with itself.
     */
    void format(List<TelemetryBatchWriter.PendingReading> batch) {
        telemetry.setLength(0);
        bunkers.setLength(0);
        seen.clear();
        telemetryRows = 0;
        bunkerRows = 0;
        for (TelemetryBatchWriter.PendingReading r : batch) {
            MachineTelemetry t = r.telemetry();
            if (!seen.add(new Key(t.machineId(), t.timestamp()))) {
                continue;
            }
            String machine = t.machineId().toString();
            String ts = t.timestamp().toString();
            telemetry.append(machine).append('\t').append(ts).append('\t').append(r.receivedAt()).append('\t')
                    .append(t.status().wire()).append('\t').append(t.temperature()).append('\t')
                    .append(t.humidity()).append('\t').append(t.uptime()).append('\t');
            appendNullable(telemetry, t.lastSale());
            telemetry.append('\n');
            telemetryRows++;
            for (BunkerLevel b : t.bunkers()) {
                bunkers.append(machine).append('\t').append(ts).append('\t').append(b.bunkerId()).append('\t')
                        .append(b.ingredientId()).append('\t');
                appendText(bunkers, b.ingredientName());
                bunkers.append('\t').append(b.currentLevel()).append('\t').append(b.maxLevel()).append('\t')
                        .append(b.percentage()).append('\t').append(b.lowLevelAlert() ? 't' : 'f').append('\n');
                bunkerRows++;
            }
        }
        seen.clear();
    }

    int telemetryRows() {
        return telemetryRows;
    }

    int bunkerRows() {
        return bunkerRows;
    }

    Reader telemetry() {
        return new CharSequenceReader(telemetry);
    }

    Reader bunkers() {
        return new CharSequenceReader(bunkers);
    }

    /** Drops oversized buffers once a batch is written. */
    void release() {
        if (bunkers.capacity() > KEEP_CAPACITY) {
            bunkers.setLength(0);
            bunkers.trimToSize();
        }
        if (telemetry.capacity() > KEEP_CAPACITY) {
            telemetry.setLength(0);
            telemetry.trimToSize();
        }
    }

    private static void appendNullable(StringBuilder b, Instant value) {
        if (value == null) {
            b.append("\\N");
        } else {
            b.append(value);
        }
    }

    /** COPY text format: backslash, tab, newline and carriage return are escaped (PostgreSQL docs, COPY). */
    static void appendText(StringBuilder b, String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(ch);
            }
        }
    }

    /** Reads a builder in place (a {@code StringReader} would first copy it into a String). */
    private static final class CharSequenceReader extends Reader {
        private final StringBuilder source;
        private int position;

        CharSequenceReader(StringBuilder source) {
            this.source = source;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (position >= source.length()) {
                return -1;
            }
            int n = Math.min(length, source.length() - position);
            source.getChars(position, position + n, buffer, offset);
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            // Nothing to release: the builder belongs to CopyText.
        }
    }
}
