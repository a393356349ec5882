package com.vendhub.realtime.sim.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One machine's unacknowledged readings, keyed by timestamp (a reading's identity on the platform:
 * rows are unique on machine and time), oldest first. Thread-safe: readings are added on the
 * scheduler, acks arrive on a Netty thread.
 */
public final class AckOutbox {

    /** A kept reading: its encoded payload and when it was last sent ({@code System.nanoTime}, 0 = never). */
    public static final class Entry {
        private final Instant timestamp;
        private final byte[] payload;
        private volatile long lastSentNanos;

        Entry(Instant timestamp, byte[] payload) {
            this.timestamp = timestamp;
            this.payload = payload;
        }

        public Instant timestamp() {
            return timestamp;
        }

        public byte[] payload() {
            return payload;
        }
    }

    private final ConcurrentSkipListMap<Instant, Entry> pending = new ConcurrentSkipListMap<>();
    private final OutboxSettings settings;
    private final OutboxCounters counters;

    public AckOutbox(OutboxSettings settings, OutboxCounters counters) {
        this.settings = settings;
        this.counters = counters;
    }

    /** Keeps a reading; null (counted as refused) when the outbox is full. */
    public Entry keep(Instant timestamp, byte[] payload) {
        if (pending.size() >= settings.capacityPerMachine()) {
            counters.refused();
            return null;
        }
        Entry e = new Entry(timestamp, payload);
        if (pending.putIfAbsent(timestamp, e) == null) {
            counters.kept();
            return e;
        }
        return pending.get(timestamp);
    }

    /** Records that {@code entry} was sent now; a second or later send is counted as resent. */
    public void sent(Entry entry, long nowNanos) {
        if (entry.lastSentNanos != 0) {
            counters.resent(1);
        }
        entry.lastSentNanos = nowNanos;
    }

    /** Removes the acknowledged readings; returns how many were pending. */
    public int acknowledge(List<Instant> timestamps) {
        int removed = 0;
        for (Instant t : timestamps) {
            if (pending.remove(t) != null) {
                removed++;
            }
        }
        counters.acked(removed);
        return removed;
    }

    /**
     * Up to {@code maxResendPerRound} readings, oldest first, that were never sent or were sent at
     * least {@code ackTimeout} ago (all of them when {@code everything}, after a reconnect).
     */
    public List<Entry> dueForResend(long nowNanos, boolean everything) {
        long timeout = settings.ackTimeout().toNanos();
        List<Entry> due = new ArrayList<>();
        Iterator<Map.Entry<Instant, Entry>> it = pending.entrySet().iterator();
        while (it.hasNext() && due.size() < settings.maxResendPerRound()) {
            Entry e = it.next().getValue();
            long last = e.lastSentNanos;
            if (everything || last == 0 || nowNanos - last >= timeout) {
                due.add(e);
            }
        }
        return due;
    }

    public java.time.Duration ackTimeout() {
        return settings.ackTimeout();
    }

    public int size() {
        return pending.size();
    }
}
