package com.vendhub.realtime.broker.assembly;

import com.vendhub.realtime.broker.lifecycle.ShutdownOrder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * What every part of a process is built with: the process's one metrics registry and its one shutdown order,
 * in which each part registers as it starts. Closing it stops them all, within the bound
 * (docs/architecture.md, "Shutdown: ordered and bounded").
 */
public final class ProcessParts implements AutoCloseable {

    private final PrometheusMeterRegistry metrics = ProcessMetrics.newRegistry();
    private final ShutdownOrder shutdown;

    /** @param shutdownBound how long stopping the whole process may take ({@code --shutdown-timeout}) */
    public ProcessParts(Duration shutdownBound) {
        this.shutdown = new ShutdownOrder(shutdownBound);
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public ShutdownOrder shutdown() {
        return shutdown;
    }

    /** Stops every registered part in the one order. */
    @Override
    public void close() {
        shutdown.close();
    }
}
