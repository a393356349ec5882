package com.vendhub.realtime.broker.auth;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Token buckets keyed by a connecting source: {@code perMinute} attempts a minute, refilled
 * continuously, a burst of at most {@code perMinute}. The map of sources is bounded in entries and in
 * (estimated) bytes: when a new source would pass either bound, the map is cleared (every source starts
 * afresh with a full bucket), which keeps memory bounded under a flood of new sources at the price of
 * briefly forgetting old ones; {@link #clears()} counts that. The authenticator only ever adds sources that
 * presented valid credentials (docs/security.md, "CONNECT: checked before a session exists"), so a clear is
 * not something an unauthenticated client can cause.
 */
public final class ConnectRateLimiter implements MeterBinder {

    /**
     * Estimated heap of one entry besides its key's characters: a ConcurrentHashMap node, a bucket, a
     * String and its array headers (64-bit JVM with compressed references, rounded up).
     */
    static final int ENTRY_OVERHEAD_BYTES = 128;

    private final double perNano;
    private final double burst;
    private final int maxSources;
    private final long maxBytes;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong clears = new AtomicLong();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    /**
     * @param perMinute  attempts a source may make a minute (and its burst)
     * @param maxSources most sources remembered at once
     * @param maxBytes   most bytes (estimated, {@link #entryBytes}) the remembered sources may take
     */
    public ConnectRateLimiter(int perMinute, int maxSources, long maxBytes, LongSupplier nanoTime) {
        if (perMinute < 1 || maxSources < 1) {
            throw new IllegalArgumentException("rate and source bound must be at least 1");
        }
        if (maxBytes < ENTRY_OVERHEAD_BYTES + 2L * ClientIdForm.MAX_SERVICE_CLIENT_ID_LENGTH) {
            throw new IllegalArgumentException("the byte bound must hold at least one source of the longest client id");
        }
        this.perNano = perMinute / 60e9;
        this.burst = perMinute;
        this.maxSources = maxSources;
        this.maxBytes = maxBytes;
        this.nanoTime = nanoTime;
    }

    /**
     * Registers what this limiter remembers as {@code vendhub_broker_connect_rate_*}; bound for the per-source
     * limiter of CONNECTs only (one registry holds one limiter under these names).
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("vendhub.broker.connect.rate.sources", this, ConnectRateLimiter::sources)
                .description("Client ids the CONNECT rate remembers now").register(registry);
        Gauge.builder("vendhub.broker.connect.rate.bytes", this, ConnectRateLimiter::bytes)
                .description("Estimated bytes of the client ids the CONNECT rate remembers now").register(registry);
        FunctionCounter.builder("vendhub.broker.connect.rate.cleared", this, ConnectRateLimiter::clears)
                .description("Times a bound of the CONNECT rate was reached and its memory cleared").register(registry);
    }

    /** Takes one attempt from the source's bucket; false when it is empty. */
    public boolean tryAcquire(String source) {
        long now = nanoTime.getAsLong();
        Bucket b = buckets.get(source);
        if (b == null) {
            b = admit(source, now);
        }
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.at) * perNano);
            b.at = now;
            if (b.tokens >= 1.0) {
                b.tokens -= 1.0;
                return true;
            }
            return false;
        }
    }

    /** Adds a new source, clearing the map first when it would pass a bound; serialised, as new sources are rare. */
    private synchronized Bucket admit(String source, long now) {
        Bucket existing = buckets.get(source);
        if (existing != null) {
            return existing;
        }
        long size = entryBytes(source);
        if (buckets.size() >= maxSources || bytes.get() + size > maxBytes) {
            buckets.clear();
            bytes.set(0);
            clears.incrementAndGet();
        }
        Bucket fresh = new Bucket(burst, now);
        buckets.put(source, fresh);
        bytes.addAndGet(size);
        return fresh;
    }

    /** The estimated heap one remembered source takes. */
    static long entryBytes(String source) {
        return ENTRY_OVERHEAD_BYTES + 2L * source.length();
    }

    /** Sources remembered now. */
    public int sources() {
        return buckets.size();
    }

    /** Estimated bytes the remembered sources take now. */
    public long bytes() {
        return bytes.get();
    }

    /** How often a bound was hit and the map cleared. */
    public long clears() {
        return clears.get();
    }
}
