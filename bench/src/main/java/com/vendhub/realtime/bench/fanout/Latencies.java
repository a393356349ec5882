package com.vendhub.realtime.bench.fanout;

import java.util.Arrays;

/** Latency samples of one measurement window, in nanoseconds; thread-safe, percentiles by sorting. */
final class Latencies {

    private long[] samples = new long[1 << 16];
    private int count;

    synchronized void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, samples.length * 2);
        }
        samples[count++] = nanos;
    }

    /** Starts a new window, dropping the samples so far. */
    synchronized void reset() {
        count = 0;
        if (samples.length > (1 << 22)) {
            samples = new long[1 << 16];
        }
    }

    synchronized int count() {
        return count;
    }

    /** Percentile {@code p} (0..100) of this window in milliseconds, or NaN when empty. */
    synchronized double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int index = (int) Math.min(count - 1, Math.max(0, Math.ceil(p / 100.0 * count) - 1));
        return sorted[index] / 1e6;
    }
}
