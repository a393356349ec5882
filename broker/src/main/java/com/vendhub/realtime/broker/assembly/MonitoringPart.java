package com.vendhub.realtime.broker.assembly;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder.Stage;
import com.vendhub.realtime.fanout.health.HealthEndpoints;
import com.vendhub.realtime.fanout.health.HealthProbe;
import com.vendhub.realtime.fanout.health.HealthReport;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small HTTP listener of a process that has no fan-out port ({@code vendhub ingest}): {@code GET /metrics}
 * (the Prometheus scrape), {@code GET /health/live} and {@code GET /health/ready} with the same bodies as the
 * fan-out's (docs/operations.md, "Health"). It runs on the JDK's {@link HttpServer} with one worker thread and a
 * short queue, apart from every ingest thread: a slow or flooding client slows only this listener. Stops in
 * {@link Stage#STOP_SERVERS}.
 */
public final class MonitoringPart implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonitoringPart.class);
    /** Requests waiting for the worker; beyond it the server's own dispatcher thread answers (back-pressure). */
    private static final int QUEUE_CAPACITY = 16;
    private static final String JSON = "application/json";
    /** Prometheus text exposition format 0.0.4, what {@link PrometheusMeterRegistry#scrape()} writes. */
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ThreadPoolExecutor worker;
    private final PrometheusMeterRegistry metrics;
    private final HealthEndpoints health;
    private final ObjectMapper mapper = new ObjectMapper();

    private MonitoringPart(HttpServer server, PrometheusMeterRegistry metrics, HealthProbe probe) {
        this.server = server;
        this.metrics = metrics;
        this.health = new HealthEndpoints(probe);
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
                r -> {
                    Thread t = new Thread(r, "monitoring-http");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(worker);
        server.createContext("/", this::handle);
    }

    /** Binds {@code settings}' address, starts answering and registers the stop; readiness is {@code probe}'s. */
    public static MonitoringPart start(MonitoringSettings settings, PrometheusMeterRegistry metrics, HealthProbe probe,
            ShutdownOrder shutdown) throws IOException {
        MonitoringPart part = shutdown.add(Stage.STOP_SERVERS, new MonitoringPart(
                HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0), metrics, probe));
        part.server.start();
        LOG.info("metrics and health on http://{}:{}/ (/metrics, /health/live, /health/ready)", settings.host(),
                part.port());
        return part;
    }

    /** The bound port (the one chosen when 0 was given). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                answer(exchange, 404, JSON, error());
            } else if ("/metrics".equals(path)) {
                answer(exchange, 200, PROMETHEUS_TEXT,
                        metrics.scrape().getBytes(StandardCharsets.UTF_8));
            } else if ("/health/live".equals(path)) {
                answer(exchange, health.live(), false);
            } else if ("/health/ready".equals(path)) {
                answer(exchange, health.ready(), true);
            } else {
                answer(exchange, 404, JSON, error());
            }
        }
    }

    /** The fan-out's health body: {@code {"status":"up"|"down"}}, for readiness with its components. */
    private void answer(HttpExchange exchange, HealthReport report, boolean withComponents) throws IOException {
        ObjectNode body = mapper.createObjectNode().put("status", report.up() ? "up" : "down");
        if (withComponents) {
            ObjectNode components = body.putObject("components");
            report.components().forEach((name, up) -> components.put(name, Boolean.TRUE.equals(up) ? "up" : "down"));
        }
        answer(exchange, report.httpStatus(), JSON, mapper.writeValueAsBytes(body));
    }

    private byte[] error() throws IOException {
        return mapper.writeValueAsBytes(mapper.createObjectNode().put("error", "not_found")
                .put("message", "No such endpoint"));
    }

    private static void answer(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops answering at once (a scrape in flight is cut) and ends the worker thread. */
    @Override
    public void close() {
        server.stop(0);
        worker.shutdownNow();
    }
}
