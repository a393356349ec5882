package com.vendhub.realtime.fanout.http;

import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import com.vendhub.realtime.fanout.rest.RestResponse;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Aggregates request bodies up to the configured limit and answers a larger one with the contract's JSON 413. */
final class BoundedBodyAggregator extends HttpObjectAggregator {

    private static final Logger log = LoggerFactory.getLogger(BoundedBodyAggregator.class);

    private final HttpResponses responses;
    private final FanoutMetrics metrics;

    BoundedBodyAggregator(int maxBodyBytes, HttpResponses responses, FanoutMetrics metrics) {
        super(maxBodyBytes, true);
        this.responses = responses;
        this.metrics = metrics;
    }

    /** A too large {@code Expect: 100-continue} request gets the same JSON 413 instead of Netty's empty one. */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof FullHttpResponse full && full.status().code() == 413) {
            full.release();
            metrics.restRequest("body_too_large", 413);
            FullHttpResponse json = responses.toNetty(RestResponse.error(413, "payload_too_large",
                    "Request body exceeds " + maxContentLength + " bytes"));
            HttpUtil.setKeepAlive(json, false);
            return json;
        }
        return response;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        metrics.restRequest("body_too_large", 413);
        log.info("request body from {} over {} bytes refused", ctx.channel().remoteAddress(), maxContentLength());
        FullHttpResponse response = responses.toNetty(RestResponse.error(413, "payload_too_large",
                "Request body exceeds " + maxContentLength() + " bytes"));
        // The rest of the body is still on the wire; closing is the only way not to read it.
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setKeepAlive(response, false);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
