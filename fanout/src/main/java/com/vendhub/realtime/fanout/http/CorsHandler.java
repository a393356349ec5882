package com.vendhub.realtime.fanout.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.util.Objects;

/**
 * Puts the {@link Cors} headers on every HTTP answer of one connection (REST, Engine.IO polling and
 * handshake, 408, 413, preflight), from the {@code Origin} of the request it answers: one place, so
 * no answer can miss them or send another policy. Sits right after the HTTP codec; on the
 * connection's event loop.
 */
final class CorsHandler extends ChannelDuplexHandler {

    private final Cors cors;
    private String origin;
    private boolean engineIo;

    CorsHandler(Cors cors) {
        this.cors = Objects.requireNonNull(cors, "cors");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            // Requests on one connection are answered in order and one at a time (the router pauses
            // reading while it answers), so the latest request is the one being answered.
            origin = request.headers().get(HttpHeaderNames.ORIGIN);
            engineIo = request.uri().startsWith("/socket.io");
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response) {
            cors.apply(response.headers(), origin, engineIo);
        }
        super.write(ctx, msg, promise);
    }
}
