package com.vendhub.realtime.fanout.http;

import com.vendhub.realtime.fanout.rest.RestResponse;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Objects;

/** Routes the requests of a {@link MonitoringHttpServer}: the {@link MonitoringRoutes} and 404 for anything else. */
@Sharable
final class MonitoringRouter extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final MonitoringRoutes routes;
    private final RequestAnswers answers;

    MonitoringRouter(MonitoringRoutes routes, RequestAnswers answers) {
        this.routes = Objects.requireNonNull(routes, "routes");
        this.answers = Objects.requireNonNull(answers, "answers");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (answers.refuseMalformed(ctx, request)) {
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!HttpMethod.GET.equals(request.method()) || !routes.serveGet(ctx, path, keepAlive)) {
            answers.answer(ctx.channel(), "not_found", RestResponse.error(404, "not_found", "No such endpoint"),
                    keepAlive);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        RequestAnswers.failed(ctx, cause);
    }
}
