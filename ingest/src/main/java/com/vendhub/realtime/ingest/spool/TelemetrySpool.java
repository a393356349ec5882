package com.vendhub.realtime.ingest.spool;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segment files of spooled readings. One thread appends (the broker's hand-off), one reads and
 * commits (the batch writer), one syncs. A write reaches the kernel before {@link #append} returns,
 * so a {@code kill -9} of the process loses nothing that was appended; the sync thread bounds what a
 * machine crash can lose to {@link SpoolSettings#syncInterval()}.
 */
public final class TelemetrySpool implements AutoCloseable {

    /** Gauge {@code vendhub_ingest_spool_bytes}: bytes of spool segments on disk (readiness reads it). */
    public static final String BYTES_METRIC = "vendhub.ingest.spool.bytes";
    /** Gauge {@code vendhub_ingest_spool_max_bytes}: the spool's bound (readiness reads it). */
    public static final String MAX_BYTES_METRIC = "vendhub.ingest.spool.max.bytes";

    private static final Logger LOG = LoggerFactory.getLogger(TelemetrySpool.class);
    private static final String SUFFIX = ".seg";
    private static final String MARKER = "committed";
    private static final int READ_BUFFER = 1 << 20;

    private final SpoolSettings settings;
    private final int maxBody;
    /** Sealed segments (no more appends) and their final sizes. */
    private final ConcurrentSkipListMap<Long, Long> sealed = new ConcurrentSkipListMap<>();
    private final AtomicLong liveBytes = new AtomicLong();

    // Append side, guarded by this.
    private FileChannel appendChannel;
    private long appendSegment;
    private long appendOffset;
    private ByteBuffer appendBuffer = ByteBuffer.allocateDirect(64 * 1024);
    /** End of the last appended record, published for the reader. */
    private volatile long appendPosition;
    private volatile long syncedPosition;

    // Read side: the writer thread only.
    private FileChannel readChannel;
    private long readChannelSegment = -1;
    private ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
    private FileChannel markerChannel;
    private volatile long committedPosition;

    private final Thread syncer;
    private volatile boolean running = true;

    private final Counter appended;
    private final Counter full;
    private final Counter corrupt;
    private final Counter corruptBytes;
    private final Counter ioErrors;
    private final Timer syncTimer;

    private TelemetrySpool(SpoolSettings settings, int maxPayloadBytes, MeterRegistry metrics) {
        this.settings = settings;
        this.maxBody = Framing.BODY_FIXED + maxPayloadBytes;
        this.appended = Counter.builder("vendhub.ingest.spool.appended").description("Readings appended to the spool")
                .register(metrics);
        this.full = Counter.builder("vendhub.ingest.spool.full")
                .description("Readings refused because the spool was at its byte bound (or the disk failed)")
                .register(metrics);
        this.corrupt = Counter.builder("vendhub.ingest.spool.corrupt")
                .description("Spool segment tails dropped on recovery (torn by a crash or damaged) or unreadable, "
                        + "and damaged committed markers")
                .register(metrics);
        this.corruptBytes = Counter.builder("vendhub.ingest.spool.corrupt.bytes")
                .description("Bytes of spool segments skipped as torn or damaged (their readings are lost)")
                .baseUnit("bytes").register(metrics);
        this.ioErrors = Counter.builder("vendhub.ingest.spool.io.errors").register(metrics);
        this.syncTimer = Timer.builder("vendhub.ingest.spool.sync").description("Group syncs of the spool")
                .register(metrics);
        Gauge.builder(BYTES_METRIC, liveBytes, AtomicLong::get)
                .description("Bytes of spool segments on disk").baseUnit("bytes").register(metrics);
        Gauge.builder(MAX_BYTES_METRIC, settings, SpoolSettings::maxTotalBytes).baseUnit("bytes")
                .register(metrics);
        this.syncer = new Thread(this::syncLoop, "spool-sync");
        this.syncer.setDaemon(true);
    }

    /**
     * Opens the spool in {@code settings.directory()}, recovering what a previous process left:
     * committed segments are deleted, a torn tail is cut off, and appends go to a new segment.
     */
    public static TelemetrySpool open(SpoolSettings settings, int maxPayloadBytes, MeterRegistry metrics)
            throws IOException {
        TelemetrySpool spool = new TelemetrySpool(settings, maxPayloadBytes, metrics);
        spool.recover();
        spool.syncer.start();
        return spool;
    }

    private void recover() throws IOException {
        Path dir = settings.directory();
        Files.createDirectories(dir);
        List<Long> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .forEach(n -> segments.add(Long.parseLong(n.substring(0, n.length() - SUFFIX.length()))));
        }
        segments.sort(null);
        markerChannel = FileChannel.open(dir.resolve(MARKER), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        long committed = readMarker();
        if (!segments.isEmpty() && SpoolPosition.segment(committed) > segments.get(segments.size() - 1)) {
            // The marker never points past the newest segment (the one it was written in still exists):
            // a damaged marker. Trusting it would delete every segment; replay them all instead (rows
            // already committed are absorbed by their idempotent keys).
            corrupt.increment();
            LOG.warn("spool marker points past the newest segment {}; replaying every segment",
                    segments.get(segments.size() - 1));
            committed = SpoolPosition.of(0, 0);
        }
        for (long segment : segments) {
            Path file = segmentFile(segment);
            if (segment < SpoolPosition.segment(committed)) {
                Files.deleteIfExists(file);
                continue;
            }
            boolean markerHere = segment == SpoolPosition.segment(committed);
            Scan scan = scan(file, markerHere ? SpoolPosition.offset(committed) : 0);
            long valid = scan.valid();
            long size = Files.size(file);
            if (valid < size) {
                corrupt.increment();
                corruptBytes.increment(size - valid);
                LOG.warn("spool segment {} ends in a torn record: {} of {} bytes kept", file.getFileName(), valid, size);
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(valid);
                    ch.force(true);
                }
            }
            if (markerHere && SpoolPosition.offset(committed) < valid
                    && scan.boundary() != SpoolPosition.offset(committed)) {
                // The marker is always a record's end; inside a record it is damaged. Reading from there
                // would take a payload for a header. Back to the record boundary before it.
                corrupt.increment();
                LOG.warn("spool marker offset {} in segment {} is not a record boundary; replaying from {}",
                        SpoolPosition.offset(committed), file.getFileName(), scan.boundary());
                committed = SpoolPosition.of(segment, scan.boundary());
            }
            sealed.put(segment, valid);
            liveBytes.addAndGet(valid);
        }
        long first = sealed.isEmpty() ? SpoolPosition.segment(committed) : sealed.firstKey();
        if (SpoolPosition.segment(committed) < first) {
            committed = SpoolPosition.of(first, 0);
        }
        committedPosition = committed;
        appendSegment = sealed.isEmpty() ? Math.max(1, SpoolPosition.segment(committed) + 1) : sealed.lastKey() + 1;
        openAppendSegment();
        appendPosition = SpoolPosition.of(appendSegment, 0);
        syncedPosition = appendPosition;
        if (sealed.isEmpty()) {
            committedPosition = appendPosition; // nothing to replay
        }
        long backlog = 0;
        for (Map.Entry<Long, Long> e : sealed.entrySet()) {
            backlog += e.getKey() == SpoolPosition.segment(committed)
                    ? e.getValue() - SpoolPosition.offset(committed) : e.getValue();
        }
        LOG.info("spool at {}: {} segments, {} bytes not yet committed", settings.directory(), sealed.size(), backlog);
    }

    private long readMarker() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8);
        if (markerChannel.read(b, 0) == 8) {
            return b.flip().getLong();
        }
        return SpoolPosition.of(0, 0);
    }

    /**
     * What recovery learns from one segment: {@code valid}, the length of its intact records (the
     * rest is torn or damaged), and {@code boundary}, the last record boundary at or before the offset
     * asked about.
     */
    private record Scan(long valid, long boundary) {
    }

    private Scan scan(Path file, long mark) throws IOException {
        long valid = 0;
        long boundary = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(READ_BUFFER);
            long size = ch.size();
            while (valid < size) {
                buf.clear();
                if (buf.capacity() < Framing.HEADER + maxBody && size - valid > buf.capacity()) {
                    buf = ByteBuffer.allocate(Framing.HEADER + maxBody);
                }
                ch.read(buf, valid);
                buf.flip();
                int consumed = 0;
                while (true) {
                    Framing.Peek peek = Framing.peek(buf, maxBody);
                    if (peek != Framing.Peek.COMPLETE) {
                        if (peek == Framing.Peek.CORRUPT || consumed == 0) {
                            return new Scan(valid, boundary);
                        }
                        break;
                    }
                    int length = Framing.HEADER + buf.getInt(buf.position());
                    buf.position(buf.position() + length);
                    consumed += length;
                    valid += length;
                    if (valid <= mark) {
                        boundary = valid;
                    }
                }
            }
        }
        return new Scan(valid, boundary);
    }

    private Path segmentFile(long segment) {
        return settings.directory().resolve(String.format("%020d%s", segment, SUFFIX));
    }

    private void openAppendSegment() throws IOException {
        appendChannel = FileChannel.open(segmentFile(appendSegment), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        appendOffset = 0;
        // The new file's directory entry must survive a machine crash too.
        try (FileChannel dir = FileChannel.open(settings.directory(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the segment's own sync still holds its data.
        }
    }

    /**
     * Appends one reading; returns the position just past it, or -1 (counted) when the spool is at
     * its byte bound or the disk failed. Called by one thread at a time.
     */
    public synchronized long append(UUID machineId, Instant receivedAt, byte[] payload) {
        int size = Framing.size(payload.length);
        if (!running || liveBytes.get() + size > settings.maxTotalBytes()) {
            full.increment();
            return -1;
        }
        try {
            if (appendOffset > 0 && appendOffset + size > settings.segmentBytes()) {
                roll();
            }
            if (appendBuffer.capacity() < size) {
                appendBuffer = ByteBuffer.allocateDirect(Math.max(size, appendBuffer.capacity() * 2));
            }
            appendBuffer.clear();
            Framing.write(appendBuffer, machineId, receivedAt, payload);
            appendBuffer.flip();
            while (appendBuffer.hasRemaining()) {
                appendChannel.write(appendBuffer);
            }
            appendOffset += size;
            liveBytes.addAndGet(size);
            appended.increment();
            long end = SpoolPosition.of(appendSegment, appendOffset);
            appendPosition = end;
            return end;
        } catch (IOException e) {
            ioErrors.increment();
            full.increment();
            LOG.error("spool append failed: {}", e.toString());
            return -1;
        }
    }

    private void roll() throws IOException {
        appendChannel.force(false);
        appendChannel.close();
        sealed.put(appendSegment, appendOffset);
        appendSegment++;
        openAppendSegment();
    }

    /** End of the last appended record. */
    public long appendPosition() {
        return appendPosition;
    }

    /**
     * Reads up to {@code max} records starting at {@code from} (a record boundary: a previous end,
     * or the committed position), without waiting. Returns the position after the last one read.
     */
    public long read(long from, int max, List<SpoolRecord> out) {
        long position = from;
        int taken = 0;
        try {
            while (taken < max) {
                long segment = SpoolPosition.segment(position);
                long offset = SpoolPosition.offset(position);
                long limit;
                Long sealedSize = sealed.get(segment);
                long published = appendPosition;
                if (sealedSize != null) {
                    limit = sealedSize;
                } else if (segment == SpoolPosition.segment(published)) {
                    limit = SpoolPosition.offset(published);
                } else {
                    // A segment that was never written (the spool started a new one): move on.
                    Long next = sealed.higherKey(segment);
                    long nextSegment = next != null ? next : SpoolPosition.segment(published);
                    if (nextSegment <= segment) {
                        return position;
                    }
                    position = SpoolPosition.of(nextSegment, 0);
                    continue;
                }
                if (offset >= limit) {
                    if (sealedSize == null) {
                        return position; // caught up with the appender
                    }
                    Long next = sealed.higherKey(segment);
                    position = SpoolPosition.of(next != null ? next : SpoolPosition.segment(published), 0);
                    continue;
                }
                FileChannel ch = readChannel(segment);
                readBuffer.clear();
                int want = (int) Math.min(readBuffer.capacity(), limit - offset);
                readBuffer.limit(want);
                while (readBuffer.hasRemaining()) {
                    if (ch.read(readBuffer, offset + readBuffer.position()) < 0) {
                        break;
                    }
                }
                readBuffer.flip();
                int before = taken;
                long[] cursor = {offset};
                while (taken < max) {
                    Framing.Peek peek = Framing.peek(readBuffer, maxBody);
                    if (peek == Framing.Peek.NEED_MORE) {
                        break;
                    }
                    if (peek == Framing.Peek.CORRUPT) {
                        skipCorrupt(segment, cursor[0], limit);
                        cursor[0] = limit;
                        break;
                    }
                    long start = SpoolPosition.of(segment, cursor[0]);
                    cursor[0] += Framing.read(readBuffer, start, out::add);
                    taken++;
                }
                if (taken == before && cursor[0] == offset) {
                    if (offset + want >= limit) {
                        // The buffer held every byte up to the segment's end and still not a whole record:
                        // a record claiming more than the segment has (a torn or damaged tail). Growing
                        // the buffer would never complete it; that was an endless loop.
                        skipCorrupt(segment, offset, limit);
                        position = SpoolPosition.of(segment, limit);
                        continue;
                    }
                    // A record larger than the buffer: grow it (once: to the largest record) and read again.
                    readBuffer = ByteBuffer.allocate(Math.max(readBuffer.capacity() * 2, Framing.HEADER + maxBody));
                    continue;
                }
                position = SpoolPosition.of(segment, cursor[0]);
            }
            return position;
        } catch (IOException e) {
            ioErrors.increment();
            throw new UncheckedIOException("spool read failed", e);
        }
    }

    private void skipCorrupt(long segment, long offset, long limit) {
        corrupt.increment();
        corruptBytes.increment(limit - offset);
        LOG.error("spool segment {} is unreadable at offset {}; skipping its rest ({} bytes)", segment, offset,
                limit - offset);
    }

    private FileChannel readChannel(long segment) throws IOException {
        if (readChannelSegment != segment) {
            if (readChannel != null) {
                readChannel.close();
            }
            readChannel = FileChannel.open(segmentFile(segment), StandardOpenOption.READ);
            readChannelSegment = segment;
        }
        return readChannel;
    }

    /**
     * Everything up to {@code position} is committed to the database: remembers it (the marker is not
     * synced: a stale marker only replays committed readings, which the idempotent rows absorb) and
     * deletes the segments wholly before it.
     */
    public void committed(long position) {
        if (position <= committedPosition) {
            return;
        }
        committedPosition = position;
        try {
            ByteBuffer b = ByteBuffer.allocate(8).putLong(0, position);
            markerChannel.write(b, 0);
            long segment = SpoolPosition.segment(position);
            for (Long old : sealed.headMap(segment).keySet().toArray(Long[]::new)) {
                Long size = sealed.remove(old);
                if (readChannelSegment == old && readChannel != null) {
                    readChannel.close();
                    readChannel = null;
                    readChannelSegment = -1;
                }
                Files.deleteIfExists(segmentFile(old));
                liveBytes.addAndGet(-size);
            }
        } catch (IOException e) {
            ioErrors.increment();
            LOG.warn("spool commit bookkeeping failed: {}", e.toString());
        }
    }

    public long committedPosition() {
        return committedPosition;
    }

    public long bytes() {
        return liveBytes.get();
    }

    private void syncLoop() {
        long interval = settings.syncInterval().toNanos();
        while (running) {
            try {
                TimeUnit.NANOSECONDS.sleep(interval);
                syncNow();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("spool sync failed", e);
            }
        }
    }

    /** Syncs what was appended since the last sync. */
    public void syncNow() {
        long target = appendPosition;
        if (target == syncedPosition) {
            return;
        }
        FileChannel ch;
        synchronized (this) {
            ch = appendChannel;
        }
        long start = System.nanoTime();
        try {
            ch.force(false);
            syncedPosition = target;
            syncTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (ClosedChannelException e) {
            // Rolled meanwhile; the roll synced it.
        } catch (IOException e) {
            ioErrors.increment();
            LOG.error("spool sync failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        syncer.interrupt();
        try {
            syncer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                appendChannel.force(false);
                appendChannel.close();
            } catch (IOException e) {
                LOG.warn("spool close: {}", e.toString());
            }
        }
        try {
            if (readChannel != null) {
                readChannel.close();
            }
            markerChannel.close();
        } catch (IOException e) {
            LOG.warn("spool close: {}", e.toString());
        }
    }
}
