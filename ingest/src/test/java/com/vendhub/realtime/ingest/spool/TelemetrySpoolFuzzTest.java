package com.vendhub.realtime.ingest.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.vendhub.realtime.schema.testing.fuzz.Fuzz;
import com.vendhub.realtime.schema.testing.fuzz.Gens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the spool's framing and recovery: records are appended across small segments, the process
 * "dies", the files are damaged at random (bit flips, truncation, zeroed ranges, junk appended, a
 * length pointing past the end, huge or negative lengths, a damaged committed marker), and a new
 * process replays. The rule (TelemetrySpool#recover): in every segment the records before the first
 * damaged byte are replayed, the rest of that segment is cut off and counted once in
 * {@code vendhub.ingest.spool.corrupt}; later segments are replayed whole. Replay never throws, never
 * loops, and the spool keeps taking readings. Fixed seed, bounded tries ({@link Fuzz}); the timeout
 * only turns a hang into a failure.
 */
@Timeout(300)
class TelemetrySpoolFuzzTest {

    private static final int MAX_PAYLOAD = 400;
    private static final long SEGMENT_BYTES = 1024;
    private static final Duration HANG = Duration.ofSeconds(60);

    @TempDir
    Path root;

    /** What one try does: how many records, how many damages, whether a prefix was committed. */
    record Scenario(long seed, int records, int damages, boolean commitSome) {
    }

    /** One appended record and where it lies. */
    record Written(long start, long end, UUID machine, Instant at, byte[] payload) {
        long segment() {
            return SpoolPosition.segment(start);
        }
    }

    @Test
    void damagedSegmentsReplayTheirIntactPrefixAndAreCountedNeverLoopOrThrow() {
        Fuzz.forAll(250, r -> new Scenario(r.nextLong(), 1 + r.nextInt(40), r.nextInt(4), r.nextInt(3) == 0),
                this::segmentsDamaged);
    }

    @Test
    void aDamagedCommittedMarkerNeverMakesReplayLoopThrowOrInventRecords() {
        Fuzz.forAll(120, r -> new Scenario(r.nextLong(), 1 + r.nextInt(30), 1 + r.nextInt(2), true),
                this::markerDamaged);
    }

    private void segmentsDamaged(Scenario s) throws IOException {
        Path dir = Files.createTempDirectory(root, "spool");
        SplittableRandom r = new SplittableRandom(s.seed());
        List<Written> written = write(dir, s, r);
        long committed = SpoolPosition.of(0, 0);
        if (s.commitSome() && !written.isEmpty()) {
            committed = commit(dir, written.get(r.nextInt(written.size())).end());
        }
        TreeMap<Long, byte[]> before = segmentBytes(dir);
        for (int i = 0; i < s.damages(); i++) {
            damage(dir, before, r, written);
        }
        TreeMap<Long, byte[]> after = segmentBytes(dir);

        // The expected replay: records past the committed position and wholly before their segment's first change.
        long committedSegment = SpoolPosition.segment(committed);
        List<Written> expected = new ArrayList<>();
        int expectedCorrupt = 0;
        for (long segment : before.keySet()) {
            if (segment < committedSegment) {
                continue; // deleted at recovery, damaged or not
            }
            long intact = firstDifference(before.get(segment), after.get(segment));
            long keptEnd = 0;
            for (Written w : written) {
                if (w.segment() == segment && SpoolPosition.offset(w.end()) <= intact) {
                    keptEnd = SpoolPosition.offset(w.end());
                    if (w.start() >= committed) {
                        expected.add(w);
                    }
                }
            }
            if (keptEnd < after.get(segment).length) {
                expectedCorrupt++;
            }
        }

        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (TelemetrySpool spool = TelemetrySpool.open(settings(dir), MAX_PAYLOAD, metrics)) {
            List<SpoolRecord> replay = replay(spool, r, written.size());
            assertThat(replay).extracting(SpoolRecord::end).containsExactlyElementsOf(
                    expected.stream().map(Written::end).toList());
            for (int i = 0; i < replay.size(); i++) {
                assertThat(replay.get(i).payload()).isEqualTo(expected.get(i).payload());
                assertThat(replay.get(i).machineId()).isEqualTo(expected.get(i).machine());
                assertThat(replay.get(i).receivedAt()).isEqualTo(expected.get(i).at());
            }
            assertThat(metrics.counter("vendhub.ingest.spool.corrupt").count()).isEqualTo(expectedCorrupt);
            stillWorks(spool, replay.isEmpty() ? spool.committedPosition() : replay.get(replay.size() - 1).end());
        } finally {
            deleteTree(dir);
        }
    }

    private void markerDamaged(Scenario s) throws IOException {
        Path dir = Files.createTempDirectory(root, "spool");
        SplittableRandom r = new SplittableRandom(s.seed());
        List<Written> written = write(dir, s, r);
        commit(dir, written.get(r.nextInt(written.size())).end());
        byte[] marker = Files.readAllBytes(dir.resolve("committed"));
        for (int i = 0; i < s.damages(); i++) {
            switch (marker.length < 8 ? 3 : r.nextInt(4)) {
                case 0 -> marker[3 + r.nextInt(5)] ^= (byte) (1 << r.nextInt(8)); // low bits: the offset
                case 1 -> marker[r.nextInt(8)] ^= (byte) (1 << r.nextInt(8));
                case 2 -> marker = Arrays.copyOf(marker, r.nextInt(8));
                default -> {
                    // An offset inside a record or just before a segment's end, in a live segment.
                    Written w = written.get(r.nextInt(written.size()));
                    long offset = SpoolPosition.offset(w.start()) + 1 + r.nextInt((int) (w.end() - w.start()) + 8);
                    marker = ByteBuffer.allocate(8).putLong(SpoolPosition.of(w.segment(), offset)).array();
                }
            }
        }
        Files.write(dir.resolve("committed"), marker);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (TelemetrySpool spool = TelemetrySpool.open(settings(dir), MAX_PAYLOAD, metrics)) {
            List<SpoolRecord> replay = replay(spool, r, written.size());
            // Whatever a damaged marker costs, what comes back is real records, in order, none twice.
            List<Long> ends = written.stream().map(Written::end).toList();
            long last = -1;
            for (SpoolRecord record : replay) {
                int at = ends.indexOf(record.end());
                assertThat(at).as("replayed a record that was never written, ending at %s", record.end())
                        .isNotNegative();
                assertThat(record.payload()).isEqualTo(written.get(at).payload());
                assertThat(record.end()).isGreaterThan(last);
                last = record.end();
            }
            stillWorks(spool, replay.isEmpty() ? spool.committedPosition() : replay.get(replay.size() - 1).end());
        } finally {
            deleteTree(dir);
        }
    }

    private static SpoolSettings settings(Path dir) {
        return new SpoolSettings(dir, SEGMENT_BYTES, 1L << 30, Duration.ofMillis(5));
    }

    private static List<Written> write(Path dir, Scenario s, SplittableRandom r) throws IOException {
        List<Written> written = new ArrayList<>();
        try (TelemetrySpool spool = TelemetrySpool.open(settings(dir), MAX_PAYLOAD, new SimpleMeterRegistry())) {
            long previous = spool.appendPosition();
            for (int i = 0; i < s.records(); i++) {
                UUID machine = new UUID(r.nextLong(), r.nextLong());
                Instant at = Instant.ofEpochSecond(1_700_000_000L + r.nextInt(100_000_000), r.nextInt(1_000_000) * 1000L);
                byte[] payload = new byte[Gens.length(r, MAX_PAYLOAD)];
                r.nextBytes(payload);
                long end = spool.append(machine, at, payload);
                assertThat(end).isPositive();
                long start = SpoolPosition.segment(end) == SpoolPosition.segment(previous) ? previous
                        : SpoolPosition.of(SpoolPosition.segment(end), 0);
                written.add(new Written(start, end, machine, at, payload));
                previous = end;
            }
        }
        return written;
    }

    /** Commits up to {@code position} in a spool of its own, as the writer would, and closes it again. */
    private static long commit(Path dir, long position) throws IOException {
        try (TelemetrySpool spool = TelemetrySpool.open(settings(dir), MAX_PAYLOAD, new SimpleMeterRegistry())) {
            spool.committed(position);
        }
        return position;
    }

    private static void damage(Path dir, TreeMap<Long, byte[]> original, SplittableRandom r, List<Written> written)
            throws IOException {
        List<Long> segments = new ArrayList<>(original.keySet());
        long segment = segments.get(r.nextInt(segments.size()));
        Path file = dir.resolve(String.format("%020d.seg", segment));
        if (!Files.exists(file)) {
            return;
        }
        byte[] b = Files.readAllBytes(file);
        List<Written> here = written.stream().filter(w -> w.segment() == segment).toList();
        int at = b.length == 0 ? 0 : r.nextInt(b.length);
        switch (r.nextInt(8)) {
            case 0 -> {
                if (b.length > 0) {
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, at);
            case 2 -> Arrays.fill(b, at, Math.min(b.length, at + 1 + r.nextInt(64)), (byte) 0);
            case 3 -> {
                byte[] junk = Gens.bytes(r, 64);
                byte[] longer = Arrays.copyOf(b, b.length + junk.length);
                System.arraycopy(junk, 0, longer, b.length, junk.length);
                b = longer;
            }
            case 4, 5 -> {
                if (!here.isEmpty()) {
                    // A record's length field: past the end of the file, huge, negative, or just over the bound.
                    int start = (int) SpoolPosition.offset(here.get(r.nextInt(here.size())).start());
                    if (start + 4 > b.length) {
                        return; // cut off by an earlier damage
                    }
                    int length = switch (r.nextInt(5)) {
                        case 0 -> b.length - start - Framing.HEADER + 1 + r.nextInt(100);
                        case 1 -> Integer.MAX_VALUE;
                        case 2 -> Integer.MIN_VALUE + r.nextInt(10);
                        case 3 -> Framing.BODY_FIXED + MAX_PAYLOAD + 1;
                        default -> Gens.intBetween(r, -1, Framing.BODY_FIXED);
                    };
                    ByteBuffer.wrap(b).putInt(start, length);
                }
            }
            case 6 -> {
                for (int i = at; i < Math.min(b.length, at + 1 + r.nextInt(32)); i++) {
                    b[i] = (byte) r.nextInt(256);
                }
            }
            default -> {
                if (!here.isEmpty()) {
                    // Cut exactly at a record boundary: nothing torn, nothing to count.
                    b = Arrays.copyOf(b, (int) SpoolPosition.offset(here.get(r.nextInt(here.size())).start()));
                }
            }
        }
        Files.write(file, b);
    }

    /**
     * Reads everything from the committed position; more calls than records and segments means a loop.
     * A loop inside one read() is caught by the preemptive guard, which names the try (it asserts
     * nothing about speed: a read takes microseconds).
     */
    private static List<SpoolRecord> replay(TelemetrySpool spool, SplittableRandom r, int records) {
        return assertTimeoutPreemptively(HANG, () -> replayUnguarded(spool, r, records), "spool read looped");
    }

    private static List<SpoolRecord> replayUnguarded(TelemetrySpool spool, SplittableRandom r, int records) {
        List<SpoolRecord> out = new ArrayList<>();
        long position = spool.committedPosition();
        int calls = 0;
        while (true) {
            assertThat(++calls).as("replay makes progress").isLessThan(4 * records + 100);
            int before = out.size();
            long next = spool.read(position, 1 + r.nextInt(8), out);
            if (out.size() == before && next == position) {
                return out;
            }
            position = next;
        }
    }

    private static void stillWorks(TelemetrySpool spool, long from) {
        byte[] payload = {1, 2, 3};
        long end = spool.append(new UUID(1, 2), Instant.EPOCH, payload);
        assertThat(end).isPositive();
        List<SpoolRecord> more = new ArrayList<>();
        long position = from;
        for (int i = 0; i < 100 && more.isEmpty(); i++) {
            position = spool.read(position, 10, more);
        }
        assertThat(more).extracting(SpoolRecord::end).containsExactly(end);
    }

    private static TreeMap<Long, byte[]> segmentBytes(Path dir) throws IOException {
        TreeMap<Long, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".seg")).toList()) {
                String name = p.getFileName().toString();
                out.put(Long.parseLong(name.substring(0, name.length() - 4)), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static long firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return n;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
