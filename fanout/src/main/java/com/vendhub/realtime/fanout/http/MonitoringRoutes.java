package com.vendhub.realtime.fanout.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vendhub.realtime.fanout.health.HealthEndpoints;
import com.vendhub.realtime.fanout.health.HealthReport;
import com.vendhub.realtime.fanout.rest.RestResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /health/live} (on the event loop: the liveness probe must not block), {@code GET /health/ready} and
 * {@code GET /metrics} (on the worker pool: the readiness probe and the scrape may block), with the bodies of
 * docs/operations.md, "Health". Served by the fan-out's port and by the monitoring port of {@code vendhub ingest}.
 */
final class MonitoringRoutes {

    /** Prometheus text exposition format 0.0.4. */
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HealthEndpoints health;
    private final PrometheusMeterRegistry prometheus;
    private final RequestAnswers answers;
    private final ObjectMapper mapper;

    MonitoringRoutes(HealthEndpoints health, PrometheusMeterRegistry prometheus, RequestAnswers answers,
            ObjectMapper mapper) {
        this.health = Objects.requireNonNull(health, "health");
        this.prometheus = Objects.requireNonNull(prometheus, "prometheus");
        this.answers = Objects.requireNonNull(answers, "answers");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** Answers a {@code GET} of {@code path} when it is one of these routes; false (nothing sent) otherwise. */
    boolean serveGet(ChannelHandlerContext ctx, String path, boolean keepAlive) {
        switch (path) {
            case "/health/live" -> answers.answer(ctx.channel(), "health.live", healthResponse(health.live(), false),
                    keepAlive);
            case "/health/ready" -> answers.offload(ctx, "health.ready", () -> healthResponse(health.ready(), true),
                    keepAlive);
            case "/metrics" -> answers.offload(ctx, "metrics", () -> new RestResponse(200,
                    prometheus.scrape().getBytes(StandardCharsets.UTF_8), PROMETHEUS_CONTENT_TYPE, Map.of()),
                    keepAlive);
            default -> {
                return false;
            }
        }
        return true;
    }

    private RestResponse healthResponse(HealthReport report, boolean withComponents) {
        ObjectNode body = mapper.createObjectNode().put("status", report.up() ? "up" : "down");
        if (withComponents) {
            ObjectNode components = body.putObject("components");
            report.components().forEach((name, up) -> components.put(name, Boolean.TRUE.equals(up) ? "up" : "down"));
        }
        try {
            return RestResponse.json(report.httpStatus(), mapper.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a JsonNode", e);
        }
    }
}
