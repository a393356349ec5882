package com.vendhub.realtime.sim.outbox;

import java.util.concurrent.atomic.LongAdder;

/** Fleet-wide outbox counters, updated from Netty and scheduler threads alike. */
public final class OutboxCounters {

    private final LongAdder kept = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder resent = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder badAcks = new LongAdder();

    void kept() {
        kept.increment();
    }

    void acked(int n) {
        acked.add(n);
    }

    void resent(int n) {
        resent.add(n);
    }

    void refused() {
        refused.increment();
    }

    public void badAck() {
        badAcks.increment();
    }

    public OutboxStats snapshot(long pending) {
        return new OutboxStats(kept.sum(), acked.sum(), resent.sum(), refused.sum(), pending, badAcks.sum());
    }
}
