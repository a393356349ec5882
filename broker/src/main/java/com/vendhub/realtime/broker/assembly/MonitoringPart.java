package com.vendhub.realtime.broker.assembly;

import com.vendhub.realtime.broker.lifecycle.ShutdownOrder;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder.Stage;
import com.vendhub.realtime.fanout.health.HealthProbe;
import com.vendhub.realtime.fanout.http.MonitoringHttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small HTTP listener of a process that has no fan-out port ({@code vendhub ingest}): {@code GET /metrics}
 * (the Prometheus scrape), {@code GET /health/live} and {@code GET /health/ready} with the same bodies as the
 * fan-out's (docs/operations.md, "Health"), on a {@link MonitoringHttpServer}: the fan-out's bounded, non-blocking
 * pipeline with {@link MonitoringSettings#limits()} (docs/security.md, "The HTTP port"), on its own threads apart
 * from every ingest thread. Stops in {@link Stage#STOP_SERVERS}.
 */
public final class MonitoringPart implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonitoringPart.class);

    private final MonitoringHttpServer server;

    private MonitoringPart(MonitoringHttpServer server) {
        this.server = server;
    }

    /** Binds {@code settings}' address, starts answering and registers the stop; readiness is {@code probe}'s. */
    public static MonitoringPart start(MonitoringSettings settings, PrometheusMeterRegistry metrics, HealthProbe probe,
            ShutdownOrder shutdown) throws InterruptedException {
        MonitoringPart part = shutdown.add(Stage.STOP_SERVERS, new MonitoringPart(MonitoringHttpServer.start(
                settings.host(), settings.port(), settings.limits(), probe, metrics)));
        LOG.info("metrics and health on http://{}:{}/ (/metrics, /health/live, /health/ready)", settings.host(),
                part.port());
        return part;
    }

    /** The bound port (the one chosen when 0 was given). */
    public int port() {
        return server.port();
    }

    /** Stops answering at once (a scrape in flight is cut). */
    @Override
    public void close() {
        server.close();
    }
}
