package com.vendhub.realtime.broker.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Token buckets keyed by a connecting source: {@code perMinute} attempts a minute, refilled
 * continuously, a burst of at most {@code perMinute}. The map of sources is bounded: when it holds
 * {@code maxSources} entries, it is cleared (every source starts afresh with a full bucket), which
 * keeps memory bounded under a flood of new sources at the price of briefly forgetting old ones.
 */
public final class ConnectRateLimiter {

    private final double perNano;
    private final double burst;
    private final int maxSources;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public ConnectRateLimiter(int perMinute, int maxSources, LongSupplier nanoTime) {
        if (perMinute < 1 || maxSources < 1) {
            throw new IllegalArgumentException("rate and source bound must be at least 1");
        }
        this.perNano = perMinute / 60e9;
        this.burst = perMinute;
        this.maxSources = maxSources;
        this.nanoTime = nanoTime;
    }

    /** Takes one attempt from the source's bucket; false when it is empty. */
    public boolean tryAcquire(String source) {
        long now = nanoTime.getAsLong();
        if (buckets.size() >= maxSources && !buckets.containsKey(source)) {
            buckets.clear();
        }
        Bucket b = buckets.computeIfAbsent(source, s -> new Bucket(burst, now));
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
}
