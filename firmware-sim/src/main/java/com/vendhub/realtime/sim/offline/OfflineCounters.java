package com.vendhub.realtime.sim.offline;

import java.util.concurrent.atomic.LongAdder;

/** Fleet-wide counts of link losses and of what the machines buffered and published late. */
public final class OfflineCounters {

    private final LongAdder drops = new LongAdder();
    private final LongAdder buffered = new LongAdder();
    private final LongAdder overflowed = new LongAdder();
    private final LongAdder publishedLate = new LongAdder();

    public void dropped() {
        drops.increment();
    }

    void buffered() {
        buffered.increment();
    }

    void overflowed() {
        overflowed.increment();
    }

    public void publishedLate() {
        publishedLate.increment();
    }

    public OfflineStats snapshot() {
        return new OfflineStats(drops.sum(), buffered.sum(), overflowed.sum(), publishedLate.sum());
    }
}
