package com.vendhub.realtime.fanout.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vendhub.realtime.fanout.engineio.EngineIoServer;
import com.vendhub.realtime.fanout.health.HealthEndpoints;
import com.vendhub.realtime.fanout.health.HealthReport;
import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import com.vendhub.realtime.fanout.rest.RestApi;
import com.vendhub.realtime.fanout.rest.RestRequest;
import com.vendhub.realtime.fanout.rest.RestResponse;
import com.vendhub.realtime.schema.text.LogText;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each aggregated HTTP request. Only cheap answers are produced on the event loop (CORS
 * preflight, liveness, 404, the Engine.IO handshake); REST, readiness and the metrics scrape run on
 * the worker pool, and reading from the connection pauses until the answer is written so pipelined
 * requests are answered in order.
 */
@Sharable
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {

    /** Prometheus text exposition format 0.0.4. */
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);

    private final EngineIoServer engineIo;
    private final RestApi rest;
    private final HealthEndpoints health;
    private final PrometheusMeterRegistry prometheus;
    private final Executor workers;
    private final HttpResponses responses;
    private final FanoutMetrics metrics;
    private final ObjectMapper mapper;

    HttpRouter(EngineIoServer engineIo, RestApi rest, HealthEndpoints health, PrometheusMeterRegistry prometheus,
            Executor workers, HttpResponses responses, FanoutMetrics metrics, ObjectMapper mapper) {
        this.engineIo = Objects.requireNonNull(engineIo, "engineIo");
        this.rest = Objects.requireNonNull(rest, "rest");
        this.health = Objects.requireNonNull(health, "health");
        this.prometheus = Objects.requireNonNull(prometheus, "prometheus");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.responses = Objects.requireNonNull(responses, "responses");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            metrics.protocolError("bad_http_request");
            log.debug("bad HTTP request from {}: {}", ctx.channel().remoteAddress(),
                    LogText.escape(String.valueOf(request.decoderResult().cause())));
            answer(ctx.channel(), "bad_request", RestResponse.error(400, "bad_request", "Malformed HTTP request"), false);
            return;
        }
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String path = query.path();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean get = HttpMethod.GET.equals(request.method());
        if (HttpMethod.OPTIONS.equals(request.method())) {
            FullHttpResponse preflight = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
            Cors.preflight(preflight.headers());
            preflight.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            metrics.restRequest("preflight", 204);
            responses.write(ctx.channel(), preflight, keepAlive);
        } else if ("/socket.io/".equals(path) || "/socket.io".equals(path)) {
            engineIo.handle(ctx, request, query);
        } else if ("/health/live".equals(path) && get) {
            answer(ctx.channel(), "health.live", healthResponse(health.live(), false), keepAlive);
        } else if ("/health/ready".equals(path) && get) {
            offload(ctx, "health.ready", () -> healthResponse(health.ready(), true), keepAlive);
        } else if ("/metrics".equals(path) && get) {
            offload(ctx, "metrics", () -> new RestResponse(200,
                    prometheus.scrape().getBytes(StandardCharsets.UTF_8), PROMETHEUS_CONTENT_TYPE, Map.of()),
                    keepAlive);
        } else if (path.startsWith("/api/")) {
            RestRequest detached = new RestRequest(request.method().name(), path, query.parameters(),
                    request.headers().get(HttpHeaderNames.AUTHORIZATION), ByteBufUtil.getBytes(request.content()));
            offload(ctx, RestApi.routeOf(detached), () -> rest.handle(detached), keepAlive);
        } else {
            answer(ctx.channel(), "not_found", RestResponse.error(404, "not_found", "No such endpoint"), keepAlive);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("HTTP connection {} I/O error: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("HTTP connection {} failed; closing", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private void offload(ChannelHandlerContext ctx, String route, Supplier<RestResponse> work, boolean keepAlive) {
        Channel channel = ctx.channel();
        channel.config().setAutoRead(false);
        try {
            workers.execute(() -> {
                RestResponse response;
                try {
                    response = work.get();
                } catch (RuntimeException e) {
                    log.error("{} failed", route, e);
                    response = RestResponse.error(500, "internal_error", "Internal error");
                }
                answer(channel, route, response, keepAlive);
            });
        } catch (RejectedExecutionException e) {
            metrics.workerRejected("http");
            answer(channel, route, RestResponse.error(429, "too_many_requests", "Server busy, try again later")
                    .withHeader("Retry-After", "1"), keepAlive);
        }
    }

    private void answer(Channel channel, String route, RestResponse response, boolean keepAlive) {
        metrics.restRequest(route, response.status());
        responses.write(channel, responses.toNetty(response), keepAlive).addListener(f -> {
            if (keepAlive && channel.isActive()) {
                channel.config().setAutoRead(true);
            }
        });
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
