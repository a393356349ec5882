package com.vendhub.realtime.fanout.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.fanout.engineio.EngineIoServer;
import com.vendhub.realtime.fanout.health.HealthEndpoints;
import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import com.vendhub.realtime.fanout.rest.RestApi;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The per-connection pipeline: HTTP codec (bounded request line and headers), body aggregator
 * (bounded body, JSON 413), router. A websocket upgrade later replaces the tail.
 */
public final class HttpServerInitializer extends ChannelInitializer<SocketChannel> {

    /** Longest request line (method, URI, version); Engine.IO and REST URIs are short. */
    public static final int MAX_INITIAL_LINE_BYTES = 4096;
    /** Chunk size the codec hands on while decoding a body. */
    public static final int MAX_CHUNK_BYTES = 8192;

    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private final Duration idleTimeout;
    private final ChannelGroup channels;
    private final HttpRouter router;
    private final HttpResponses responses;
    private final FanoutMetrics metrics;

    /**
     * @param maxHeaderBytes total size of the request headers (a JWT fits comfortably in the default 8 KiB)
     * @param maxBodyBytes REST body limit; larger requests get 413
     * @param idleTimeout an HTTP connection idle this long is closed (the websocket upgrade removes it: pings take over)
     * @param channels every accepted channel, so shutdown can close them
     */
    public HttpServerInitializer(int maxHeaderBytes, int maxBodyBytes, Duration idleTimeout, ChannelGroup channels,
            EngineIoServer engineIo, RestApi rest, HealthEndpoints health, PrometheusMeterRegistry prometheus,
            Executor workers, Cors cors, FanoutMetrics metrics, ObjectMapper mapper) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.idleTimeout = idleTimeout;
        this.channels = channels;
        this.responses = new HttpResponses(cors);
        this.metrics = metrics;
        this.router = new HttpRouter(engineIo, rest, health, prometheus, workers, responses, cors, metrics, mapper);
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channels.add(channel);
        channel.pipeline()
                .addLast("http-idle", new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS))
                .addLast("http-codec", new HttpServerCodec(MAX_INITIAL_LINE_BYTES, maxHeaderBytes, MAX_CHUNK_BYTES))
                .addLast("http-aggregator", new BoundedBodyAggregator(maxBodyBytes, responses, metrics))
                .addLast("http-router", router);
    }
}
