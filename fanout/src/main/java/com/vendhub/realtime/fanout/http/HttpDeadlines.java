package com.vendhub.realtime.fanout.http;

import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import com.vendhub.realtime.fanout.rest.RestResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadlines of one HTTP connection (docs/security.md, "The HTTP port"): bytes trickling in extend
 * none of them, so a request sent one byte every 20 s cannot hold a connection open. A connection
 * is always in one phase, each with at most one timer on the connection's event loop:
 * <ul>
 *   <li>{@code HEAD}: from the connection's accept, or the first byte of a following request, until
 *       the request line and headers are decoded: at most {@code headerTimeout}, else closed (as
 *       nginx's {@code client_header_timeout}: a request that never arrived gets no answer);</li>
 *   <li>{@code BODY}: from the headers until the last byte of the body: at most {@code bodyTimeout},
 *       else {@code 408} and closed;</li>
 *   <li>{@code IN_FLIGHT}: the server is answering (a REST call, an Engine.IO long poll held until
 *       there is something to send): no timer, the answer's own bounds apply;</li>
 *   <li>{@code IDLE}: a keep-alive connection after its answer, waiting for the next request: at
 *       most {@code idleTimeout}, else closed.</li>
 * </ul>
 * A websocket upgrade (the {@code 101} answer) removes both halves: Engine.IO's heartbeat then
 * detects dead peers. Two handlers share the state because the first byte of a request is only seen
 * before the HTTP codec ({@link #bytes()}) and the end of its head only after it ({@link #messages()}).
 * Not thread-safe: everything runs on the connection's event loop.
 */
final class HttpDeadlines {

    private static final Logger log = LoggerFactory.getLogger(HttpDeadlines.class);

    /** Pipeline names of the two halves. */
    static final String BYTES_NAME = "http-deadline-bytes";
    static final String MESSAGES_NAME = "http-deadline-messages";

    private enum Phase { HEAD, BODY, IN_FLIGHT, IDLE, OFF }

    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final Duration idleTimeout;
    private final HttpResponses responses;
    private final FanoutMetrics metrics;
    private final Bytes bytes = new Bytes();
    private final Messages messages = new Messages();
    private Phase phase = Phase.HEAD;
    private ScheduledFuture<?> timer;
    /** Requests decoded and not yet answered, so that the connection does not turn idle before the last answer. */
    private int unansweredRequests;

    HttpDeadlines(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, HttpResponses responses,
            FanoutMetrics metrics) {
        this.headerTimeout = headerTimeout;
        this.bodyTimeout = bodyTimeout;
        this.idleTimeout = idleTimeout;
        this.responses = responses;
        this.metrics = metrics;
    }

    /** Goes before the HTTP codec. */
    ChannelInboundHandlerAdapter bytes() {
        return bytes;
    }

    /** Goes right after the HTTP codec. */
    ChannelDuplexHandler messages() {
        return messages;
    }

    private void enter(ChannelHandlerContext ctx, Phase next) {
        cancelTimer();
        phase = next;
        Duration limit = switch (next) {
            case HEAD -> headerTimeout;
            case BODY -> bodyTimeout;
            case IDLE -> idleTimeout;
            case IN_FLIGHT, OFF -> null;
        };
        if (limit != null) {
            timer = ctx.executor().schedule(() -> expired(ctx, next), limit.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expired(ChannelHandlerContext ctx, Phase expired) {
        if (phase != expired || !ctx.channel().isActive()) {
            return;
        }
        phase = Phase.OFF;
        timer = null;
        switch (expired) {
            case HEAD -> {
                metrics.httpTimeout("header");
                log.debug("HTTP connection {}: request head not complete within {}; closing",
                        ctx.channel().remoteAddress(), headerTimeout);
                ctx.channel().close();
            }
            case BODY -> {
                metrics.httpTimeout("body");
                log.debug("HTTP connection {}: request body not complete within {}; closing",
                        ctx.channel().remoteAddress(), bodyTimeout);
                FullHttpResponse response = responses.toNetty(RestResponse.error(408, "request_timeout",
                        "Request body not received within " + bodyTimeout.toSeconds() + " s"));
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.channel().writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
            default -> {
                // The metric name predates the header and body deadlines; dashboards know it.
                metrics.disconnected("http_idle");
                metrics.httpTimeout("idle");
                log.debug("closing idle HTTP connection {}", ctx.channel().remoteAddress());
                ctx.channel().close();
            }
        }
    }

    private void remove(ChannelPipeline pipeline) {
        cancelTimer();
        phase = Phase.OFF;
        if (pipeline.get(BYTES_NAME) != null) {
            pipeline.remove(BYTES_NAME);
        }
        if (pipeline.get(MESSAGES_NAME) != null) {
            pipeline.remove(MESSAGES_NAME);
        }
    }

    /** Sees raw bytes: the first byte of a request on an idle keep-alive connection starts its head deadline. */
    private final class Bytes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            enter(ctx, Phase.HEAD);
            super.channelActive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (phase == Phase.IDLE && msg instanceof ByteBuf buf && buf.isReadable()) {
                enter(ctx, Phase.HEAD);
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            cancelTimer();
            phase = Phase.OFF;
            super.channelInactive(ctx);
        }
    }

    /** Sees decoded requests and the answers written to them. */
    private final class Messages extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof HttpRequest) {
                unansweredRequests++;
                enter(ctx, msg instanceof LastHttpContent ? Phase.IN_FLIGHT : Phase.BODY);
            } else if (msg instanceof LastHttpContent && phase == Phase.BODY) {
                enter(ctx, Phase.IN_FLIGHT);
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof HttpResponse response
                    && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                // A websocket from here on: the Engine.IO heartbeat bounds it.
                ChannelPipeline pipeline = ctx.pipeline();
                super.write(ctx, msg, promise);
                remove(pipeline);
                return;
            }
            // The end of an answer; a "100 Continue" (also a full response) answers nothing yet.
            boolean answered = msg instanceof LastHttpContent && !(msg instanceof HttpResponse r
                    && r.status().codeClass() == HttpStatusClass.INFORMATIONAL);
            super.write(ctx, msg, promise);
            if (answered) {
                promise.addListener(f -> {
                    unansweredRequests = Math.max(0, unansweredRequests - 1);
                    // Pipelined requests: idle only once the last one decoded is answered.
                    if (f.isSuccess() && unansweredRequests == 0 && phase == Phase.IN_FLIGHT) {
                        enter(ctx, Phase.IDLE);
                    }
                });
            }
        }
    }
}
