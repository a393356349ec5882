package com.vendhub.realtime.ingest.spool;

import static org.assertj.core.api.Assertions.assertThat;

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

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }
}
