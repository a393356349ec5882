package com.vendhub.realtime.sim.offline;

import com.vendhub.realtime.schema.model.MachineTelemetry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The readings a machine took while it could not publish, oldest first, at most {@code capacity}:
 * a full buffer drops its oldest reading, as firmware with a fixed ring buffer would. Thread-safe.
 */
public final class OfflineBuffer {

    private final int capacity;
    private final ArrayDeque<MachineTelemetry> readings = new ArrayDeque<>();
    private final OfflineCounters counters;

    public OfflineBuffer(int capacity, OfflineCounters counters) {
        this.capacity = capacity;
        this.counters = counters;
    }

    public synchronized void add(MachineTelemetry reading) {
        if (capacity == 0) {
            counters.overflowed();
            return;
        }
        if (readings.size() == capacity) {
            readings.pollFirst();
            counters.overflowed();
        }
        readings.addLast(reading);
        counters.buffered();
    }

    /** Takes up to {@code max} of the oldest readings out. */
    public synchronized List<MachineTelemetry> take(int max) {
        List<MachineTelemetry> out = new ArrayList<>(Math.min(max, readings.size()));
        while (out.size() < max && !readings.isEmpty()) {
            out.add(readings.pollFirst());
        }
        return out;
    }

    /** Puts readings that could not be sent back at the front, in order. */
    public synchronized void putBack(List<MachineTelemetry> unsent) {
        for (int i = unsent.size() - 1; i >= 0; i--) {
            if (readings.size() == capacity) {
                counters.overflowed();
                return;
            }
            readings.addFirst(unsent.get(i));
        }
    }

    public synchronized int size() {
        return readings.size();
    }
}
