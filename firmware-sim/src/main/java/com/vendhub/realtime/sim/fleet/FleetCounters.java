package com.vendhub.realtime.sim.fleet;

import java.util.concurrent.atomic.LongAdder;

/** The fleet-wide counters behind {@link SimulatorStats}; updated from Netty and scheduler threads alike. */
final class FleetCounters {

    private final LongAdder published = new LongAdder();
    private final LongAdder publishFailures = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();

    void published() {
        published.increment();
    }

    void publishFailed() {
        publishFailures.increment();
    }

    void connectFailed() {
        connectFailures.increment();
    }

    SimulatorStats snapshot(int connected) {
        return new SimulatorStats(connected, published.sum(), publishFailures.sum(), connectFailures.sum());
    }
}
