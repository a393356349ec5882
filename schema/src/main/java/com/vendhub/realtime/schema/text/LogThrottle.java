package com.vendhub.realtime.schema.text;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets one log line per key through per interval and counts the rest, so a device flooding bad
 * input cannot flood the log (the metric still counts every message).
 */
public final class LogThrottle {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        volatile long openedAt;
        final AtomicLong suppressed = new AtomicLong();

        Window(long openedAt) {
            this.openedAt = openedAt;
        }
    }

    public LogThrottle(long intervalNanos, LongSupplier nanoTime) {
        this.intervalNanos = intervalNanos;
        this.nanoTime = nanoTime;
    }

    /**
     * Returns -1 when this occurrence must not be logged; otherwise the number of occurrences
     * suppressed since the last logged one (0 for the first).
     */
    public long admit(String key) {
        long now = nanoTime.getAsLong();
        Window fresh = new Window(now);
        Window w = windows.putIfAbsent(key, fresh);
        if (w == null) {
            return 0;
        }
        synchronized (w) {
            if (now - w.openedAt >= intervalNanos) {
                w.openedAt = now;
                return w.suppressed.getAndSet(0);
            }
        }
        w.suppressed.incrementAndGet();
        return -1;
    }
}
