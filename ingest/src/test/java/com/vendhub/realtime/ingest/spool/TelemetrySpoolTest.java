package com.vendhub.realtime.ingest.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetrySpoolTest {

    private static final UUID MACHINE = UUID.fromString("5b0c4f0e-8d7a-4a53-9a57-1f2f3a4b5c6d");
    private static final Instant AT = Instant.parse("2026-11-29T10:00:00.123456Z");

    @TempDir
    Path dir;

    private SpoolSettings settings(long segmentBytes, long maxBytes) {
        return new SpoolSettings(dir, segmentBytes, maxBytes, Duration.ofMillis(5));
    }

    private static byte[] payload(int i) {
        return ("{\"reading\":" + i + ",\"pad\":\"" + "x".repeat(100) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static List<SpoolRecord> readAll(TelemetrySpool spool, long from) {
        List<SpoolRecord> out = new ArrayList<>();
        long position = from;
        while (true) {
            int before = out.size();
            position = spool.read(position, 7, out);
            if (out.size() == before) {
                return out;
            }
        }
    }

    @Test
    void readingsComeBackInOrderAcrossSegmentsAndCommittedSegmentsAreDeleted() throws IOException {
        try (TelemetrySpool spool = TelemetrySpool.open(settings(1024, 1 << 20), 65536, new SimpleMeterRegistry())) {
            for (int i = 0; i < 50; i++) {
                assertThat(spool.append(MACHINE, AT.plusSeconds(i), payload(i))).isPositive();
            }
            assertThat(segments()).hasSizeGreaterThan(3);
            List<SpoolRecord> back = readAll(spool, spool.committedPosition());
            assertThat(back).hasSize(50);
            for (int i = 0; i < 50; i++) {
                assertThat(back.get(i).payload()).isEqualTo(payload(i));
                assertThat(back.get(i).receivedAt()).isEqualTo(AT.plusSeconds(i));
                assertThat(back.get(i).machineId()).isEqualTo(MACHINE);
            }
            long bytesBefore = spool.bytes();
            spool.committed(back.get(49).end());
            assertThat(segments()).hasSize(1); // only the segment still being appended to
            assertThat(spool.bytes()).isLessThan(bytesBefore);
        }
    }

    @Test
    void afterACrashTheUncommittedReadingsAreReplayedAndATornTailIsDropped() throws IOException {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        TelemetrySpool first = TelemetrySpool.open(settings(1 << 20, 1 << 22), 65536, metrics);
        List<SpoolRecord> seen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            first.append(MACHINE, AT, payload(i));
        }
        long committedUpTo = first.read(first.committedPosition(), 4, seen);
        first.committed(committedUpTo);
        // A crash in the middle of the next append: half a record at the end of the segment.
        Path segment = segments().get(segments().size() - 1);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 90, 1, 2, 3}));
        }
        // No close(): the process died. A new one opens the same directory.
        try (TelemetrySpool second = TelemetrySpool.open(settings(1 << 20, 1 << 22), 65536, metrics)) {
            List<SpoolRecord> replay = readAll(second, second.committedPosition());
            assertThat(replay).extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
                    .containsExactly(java.util.stream.IntStream.range(4, 10)
                            .mapToObj(i -> new String(payload(i), StandardCharsets.UTF_8)).toArray(String[]::new));
            assertThat(metrics.counter("vendhub.ingest.spool.corrupt").count()).isEqualTo(1);
            // New readings follow the replayed ones.
            second.append(MACHINE, AT, payload(99));
            List<SpoolRecord> more = new ArrayList<>();
            second.read(replay.get(replay.size() - 1).end(), 10, more);
            assertThat(more).hasSize(1);
            assertThat(more.get(0).payload()).isEqualTo(payload(99));
        }
        first.close();
    }

    @Test
    void aFullSpoolRefusesAndCountsAndTakesReadingsAgainOnceCommitted() throws IOException {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (TelemetrySpool spool = TelemetrySpool.open(settings(1024, 4096), 65536, metrics)) {
            int accepted = 0;
            while (spool.append(MACHINE, AT, payload(accepted)) > 0) {
                accepted++;
            }
            assertThat(accepted).isGreaterThan(10);
            assertThat(spool.bytes()).isLessThanOrEqualTo(4096);
            assertThat(metrics.counter("vendhub.ingest.spool.full").count()).isEqualTo(1);
            List<SpoolRecord> all = readAll(spool, spool.committedPosition());
            assertThat(all).hasSize(accepted);
            spool.committed(all.get(all.size() - 1).end());
            assertThat(spool.append(MACHINE, AT, payload(0))).isPositive();
        }
    }

    /**
     * Found by TelemetrySpoolFuzzTest: a read from a position whose record runs past the segment's
     * end (a damaged marker, a torn tail) grew its buffer and read again, forever. Now the rest of the
     * segment is skipped and counted.
     */
    @Test
    void aReadAtARecordThatRunsPastTheSegmentsEndSkipsAndCountsInsteadOfLooping() throws IOException {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (TelemetrySpool spool = TelemetrySpool.open(settings(1 << 20, 1 << 22), 65536, metrics)) {
            spool.append(MACHINE, AT, payload(1));
            long end = spool.append(MACHINE, AT, payload(2));
            long inside = SpoolPosition.of(SpoolPosition.segment(end), SpoolPosition.offset(end) - 3);
            List<SpoolRecord> out = new ArrayList<>();
            long next = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> spool.read(inside, 10, out),
                    "read() looped");
            assertThat(out).isEmpty();
            assertThat(next).isEqualTo(end);
            assertThat(metrics.counter("vendhub.ingest.spool.corrupt").count()).isEqualTo(1);
            assertThat(metrics.counter("vendhub.ingest.spool.corrupt.bytes").count()).isEqualTo(3);
        }
    }

    /**
     * Found by TelemetrySpoolFuzzTest: a committed marker damaged to point inside a record made the
     * replay after a restart loop (or skip every reading after it). The marker is always a record's
     * end: recovery goes back to the boundary before it and counts the damage.
     */
    @Test
    void aMarkerInsideARecordReplaysFromTheRecordItFallsIn() throws IOException {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        List<Long> ends = new ArrayList<>();
        try (TelemetrySpool first = TelemetrySpool.open(settings(1 << 20, 1 << 22), 65536, new SimpleMeterRegistry())) {
            for (int i = 0; i < 6; i++) {
                ends.add(first.append(MACHINE, AT, payload(i)));
            }
            first.committed(ends.get(2));
        }
        for (int intoRecord : new int[] {1, 5, 30, (int) (ends.get(3) - ends.get(2)) - 3}) {
            writeMarker(ends.get(2) + intoRecord);
            try (TelemetrySpool second = TelemetrySpool.open(settings(1 << 20, 1 << 22), 65536, metrics)) {
                List<SpoolRecord> replay = assertTimeoutPreemptively(Duration.ofSeconds(60),
                        () -> readAll(second, second.committedPosition()), "replay looped");
                assertThat(replay).extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
                        .as("marker %s bytes into record 3", intoRecord)
                        .containsExactly(java.util.stream.IntStream.range(3, 6)
                                .mapToObj(i -> new String(payload(i), StandardCharsets.UTF_8)).toArray(String[]::new));
            }
        }
        assertThat(metrics.counter("vendhub.ingest.spool.corrupt").count()).isEqualTo(4);
    }

    /**
     * Found while writing TelemetrySpoolFuzzTest's marker property (by reading recover(), not by the
     * fuzzer, whose property cannot tell a lost record from a committed one): a marker damaged to name
     * a segment past the newest one made recovery delete every segment as committed. It is now ignored
     * (counted) and everything replays.
     */
    @Test
    void aMarkerPastTheNewestSegmentDeletesNothing() throws IOException {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (TelemetrySpool first = TelemetrySpool.open(settings(1024, 1 << 22), 65536, new SimpleMeterRegistry())) {
            for (int i = 0; i < 20; i++) {
                first.append(MACHINE, AT, payload(i));
            }
        }
        writeMarker(SpoolPosition.of(1L << 20, 16));
        try (TelemetrySpool second = TelemetrySpool.open(settings(1024, 1 << 22), 65536, metrics)) {
            List<SpoolRecord> replay = readAll(second, second.committedPosition());
            assertThat(replay).hasSize(20);
            assertThat(replay.get(19).payload()).isEqualTo(payload(19));
            assertThat(metrics.counter("vendhub.ingest.spool.corrupt").count()).isEqualTo(1);
        }
    }

    private void writeMarker(long position) throws IOException {
        Files.write(dir.resolve("committed"), ByteBuffer.allocate(8).putLong(position).array());
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }
}
