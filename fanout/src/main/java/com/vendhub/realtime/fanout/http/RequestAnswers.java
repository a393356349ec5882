package com.vendhub.realtime.fanout.http;

import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import com.vendhub.realtime.fanout.rest.RestResponse;
import com.vendhub.realtime.schema.text.LogText;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a router answers a request: on the event loop when the answer is cheap, else on the bounded worker
 * pool with reading paused until the answer is written, so that pipelined requests are answered in order
 * and a full pool answers 429 instead of queueing without bound. Shared by {@link HttpRouter} and
 * {@link MonitoringRouter}.
 */
final class RequestAnswers {

    private static final Logger log = LoggerFactory.getLogger(RequestAnswers.class);

    private final Executor workers;
    private final HttpResponses responses;
    private final FanoutMetrics metrics;

    RequestAnswers(Executor workers, HttpResponses responses, FanoutMetrics metrics) {
        this.workers = Objects.requireNonNull(workers, "workers");
        this.responses = Objects.requireNonNull(responses, "responses");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The codec could not decode {@code request}: 400 and close. */
    boolean refuseMalformed(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isFailure()) {
            return false;
        }
        metrics.protocolError("bad_http_request");
        log.debug("bad HTTP request from {}: {}", ctx.channel().remoteAddress(),
                LogText.escape(String.valueOf(request.decoderResult().cause())));
        answer(ctx.channel(), "bad_request", RestResponse.error(400, "bad_request", "Malformed HTTP request"), false);
        return true;
    }

    /** Computes {@code work} on the worker pool (it may block) and answers with it; 429 when the pool is full. */
    void offload(ChannelHandlerContext ctx, String route, Supplier<RestResponse> work, boolean keepAlive) {
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

    /** Writes {@code response} (from any thread) and resumes reading the connection when it stays open. */
    void answer(Channel channel, String route, RestResponse response, boolean keepAlive) {
        metrics.restRequest(route, response.status());
        responses.write(channel, responses.toNetty(response), keepAlive).addListener(f -> {
            if (keepAlive && channel.isActive()) {
                channel.config().setAutoRead(true);
            }
        });
    }

    /** A router's {@code exceptionCaught}: a peer's I/O error is routine, anything else a warning; then close. */
    static void failed(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("HTTP connection {} I/O error: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("HTTP connection {} failed; closing", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
