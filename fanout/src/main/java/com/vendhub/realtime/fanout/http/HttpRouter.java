package com.vendhub.realtime.fanout.http;

import com.vendhub.realtime.fanout.engineio.EngineIoServer;
import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import com.vendhub.realtime.fanout.rest.RestApi;
import com.vendhub.realtime.fanout.rest.RestRequest;
import com.vendhub.realtime.fanout.rest.RestResponse;
import io.netty.buffer.ByteBufUtil;
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
import java.util.Objects;

/**
 * Routes each aggregated HTTP request of the fan-out's port. Only cheap answers are produced on the event loop
 * (CORS preflight, liveness, 404, the Engine.IO handshake); REST, readiness and the metrics scrape run on the
 * worker pool ({@link RequestAnswers}).
 */
@Sharable
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final EngineIoServer engineIo;
    private final RestApi rest;
    private final MonitoringRoutes monitoring;
    private final RequestAnswers answers;
    private final HttpResponses responses;
    private final FanoutMetrics metrics;

    HttpRouter(EngineIoServer engineIo, RestApi rest, MonitoringRoutes monitoring, RequestAnswers answers,
            HttpResponses responses, FanoutMetrics metrics) {
        this.engineIo = Objects.requireNonNull(engineIo, "engineIo");
        this.rest = Objects.requireNonNull(rest, "rest");
        this.monitoring = Objects.requireNonNull(monitoring, "monitoring");
        this.answers = Objects.requireNonNull(answers, "answers");
        this.responses = Objects.requireNonNull(responses, "responses");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (answers.refuseMalformed(ctx, request)) {
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
        } else if (get && monitoring.serveGet(ctx, path, keepAlive)) {
            return;
        } else if (path.startsWith("/api/")) {
            RestRequest detached = new RestRequest(request.method().name(), path, query.parameters(),
                    request.headers().get(HttpHeaderNames.AUTHORIZATION), ByteBufUtil.getBytes(request.content()));
            answers.offload(ctx, RestApi.routeOf(detached), () -> rest.handle(detached), keepAlive);
        } else {
            answers.answer(ctx.channel(), "not_found", RestResponse.error(404, "not_found", "No such endpoint"),
                    keepAlive);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        RequestAnswers.failed(ctx, cause);
    }
}
