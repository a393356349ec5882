package com.vendhub.realtime.bench.ingest;

import java.util.concurrent.atomic.AtomicLongArray;

/** Lags in 1 ms buckets up to a minute (the last bucket takes everything longer); thread-safe. */
final class LagHistogram {

    private static final int BUCKETS = 60_000;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long lagMillis) {
        counts.incrementAndGet((int) Math.max(0, Math.min(BUCKETS - 1, lagMillis)));
    }

    long count() {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The lag at quantile {@code q} (0..1) in ms; -1 when empty. */
    long quantile(double q) {
        long total = count();
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return i;
            }
        }
        return BUCKETS - 1;
    }
}
