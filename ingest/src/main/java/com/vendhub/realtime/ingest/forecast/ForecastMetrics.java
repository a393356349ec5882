package com.vendhub.realtime.ingest.forecast;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;

/** The forecast windows' memory: samples held, and samples dropped because a window was at its bound. */
public final class ForecastMetrics {

    private final LongAdder held = new LongAdder();
    private final Counter evicted;

    public ForecastMetrics(MeterRegistry registry) {
        Gauge.builder("vendhub.forecast.samples", held, LongAdder::sum)
                .description("Level samples held in memory for emptyAt forecasts, all bunkers").register(registry);
        this.evicted = Counter.builder("vendhub.forecast.samples.evicted")
                .description("Samples dropped because a bunker's window was at its bound (forecast max samples)")
                .register(registry);
    }

    void added() {
        held.increment();
    }

    void removed(int n) {
        held.add(-n);
    }

    void evicted() {
        evicted.increment();
    }

    public long held() {
        return held.sum();
    }
}
