package com.vendhub.realtime.fanout.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.fanout.engineio.EngineIoServer;
import com.vendhub.realtime.fanout.health.HealthEndpoints;
import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import com.vendhub.realtime.fanout.rest.RestApi;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-connection pipeline: request deadlines ({@link HttpDeadlines}), HTTP codec (bounded request
 * line and headers), CORS, body aggregator (bounded body, JSON 413), router. A websocket upgrade
 * later replaces the tail and drops the deadlines. Past {@link Limits#maxConnections()} open
 * connections, a new one gets a fixed {@code 503} and is closed before anything of it is parsed.
 */
public final class HttpServerInitializer extends ChannelInitializer<SocketChannel> {

    /** Longest request line (method, URI, version); Engine.IO and REST URIs are short. */
    public static final int MAX_INITIAL_LINE_BYTES = 4096;
    /** Chunk size the codec hands on while decoding a body. */
    public static final int MAX_CHUNK_BYTES = 8192;

    private static final Logger log = LoggerFactory.getLogger(HttpServerInitializer.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final String OVER_CAPACITY_BODY =
            "{\"error\":\"unavailable\",\"message\":\"Too many connections, try again\"}";
    private static final byte[] OVER_CAPACITY = ("HTTP/1.1 503 Service Unavailable\r\n"
            + "Content-Type: application/json\r\n"
            + "Content-Length: " + OVER_CAPACITY_BODY.length() + "\r\n"
            + "Retry-After: 1\r\n"
            + "Connection: close\r\n\r\n"
            + OVER_CAPACITY_BODY).getBytes(StandardCharsets.US_ASCII);

    /**
     * The time and connection bounds of the HTTP port (docs/security.md, "The HTTP port").
     *
     * @param headerTimeout  request line and headers must arrive within this after the connection or the request began
     * @param bodyTimeout    a request body must arrive within this after its headers (408 past it)
     * @param idleTimeout    a keep-alive connection with no request in flight is closed after this
     * @param maxConnections open connections at once; one more gets 503 and is closed
     */
    public record Limits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections) {
        public Limits {
            Objects.requireNonNull(headerTimeout, "headerTimeout");
            Objects.requireNonNull(bodyTimeout, "bodyTimeout");
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be positive");
            }
        }
    }

    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private final Limits limits;
    private final ChannelGroup channels;
    private final HttpResponses responses;
    private final Cors cors;
    private final FanoutMetrics metrics;
    private final ChannelHandler router;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    private HttpServerInitializer(int maxHeaderBytes, int maxBodyBytes, Limits limits, ChannelGroup channels,
            Cors cors, FanoutMetrics metrics, HttpResponses responses, ChannelHandler router) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.channels = Objects.requireNonNull(channels, "channels");
        this.cors = Objects.requireNonNull(cors, "cors");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.responses = responses;
        this.router = router;
        metrics.gauge("http.connections", "Open connections on the HTTP port", open::get);
    }

    /**
     * The fan-out's port: Engine.IO, REST, health and metrics.
     *
     * @param maxHeaderBytes total size of the request headers (a JWT fits comfortably in the default 8 KiB)
     * @param maxBodyBytes REST body limit; larger requests get 413
     * @param limits deadlines and the connection cap
     * @param channels every accepted channel, so shutdown can close them
     * @param workers where REST, readiness and the scrape run (they may block)
     */
    public static HttpServerInitializer fanout(int maxHeaderBytes, int maxBodyBytes, Limits limits,
            ChannelGroup channels, EngineIoServer engineIo, RestApi rest, HealthEndpoints health,
            PrometheusMeterRegistry prometheus, Executor workers, Cors cors, FanoutMetrics metrics,
            ObjectMapper mapper) {
        HttpResponses responses = new HttpResponses();
        RequestAnswers answers = new RequestAnswers(workers, responses, metrics);
        return new HttpServerInitializer(maxHeaderBytes, maxBodyBytes, limits, channels, cors, metrics, responses,
                new HttpRouter(engineIo, rest, new MonitoringRoutes(health, prometheus, answers, mapper), answers,
                        responses, metrics));
    }

    /**
     * A monitoring port ({@link MonitoringHttpServer}): only {@code GET /metrics} and {@code /health/*}, no CORS,
     * with the same bounded pipeline and deadlines as the fan-out's.
     */
    static HttpServerInitializer monitoring(int maxHeaderBytes, int maxBodyBytes, Limits limits,
            ChannelGroup channels, HealthEndpoints health, PrometheusMeterRegistry prometheus, Executor workers,
            FanoutMetrics metrics, ObjectMapper mapper) {
        HttpResponses responses = new HttpResponses();
        RequestAnswers answers = new RequestAnswers(workers, responses, metrics);
        return new HttpServerInitializer(maxHeaderBytes, maxBodyBytes, limits, channels, new Cors(""), metrics,
                responses, new MonitoringRouter(new MonitoringRoutes(health, prometheus, answers, mapper), answers));
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channels.add(channel);
        int now = open.incrementAndGet();
        channel.closeFuture().addListener(f -> open.decrementAndGet());
        if (now > limits.maxConnections()) {
            refuse(channel);
            return;
        }
        HttpDeadlines deadlines = new HttpDeadlines(limits.headerTimeout(), limits.bodyTimeout(),
                limits.idleTimeout(), responses, metrics);
        channel.pipeline()
                .addLast(HttpDeadlines.BYTES_NAME, deadlines.bytes())
                .addLast("http-codec", new HttpServerCodec(MAX_INITIAL_LINE_BYTES, maxHeaderBytes, MAX_CHUNK_BYTES))
                .addLast(HttpDeadlines.MESSAGES_NAME, deadlines.messages())
                .addLast("http-cors", new CorsHandler(cors))
                .addLast("http-aggregator", new BoundedBodyAggregator(maxBodyBytes, responses, metrics))
                .addLast("http-router", router);
    }

    /** Over the cap: a fixed 503, nothing read or parsed, then close. */
    private void refuse(SocketChannel channel) {
        metrics.httpConnectionRefused();
        long nowNanos = System.nanoTime();
        long last = lastRefusalLog.get();
        if (nowNanos - last >= LOG_EVERY_NANOS && lastRefusalLog.compareAndSet(last, nowNanos)) {
            log.warn("HTTP connection limit {} reached (--http-max-connections): refusing new connections with 503",
                    limits.maxConnections());
        }
        channel.pipeline().addLast("http-over-capacity", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(OVER_CAPACITY)).addListener(ChannelFutureListener.CLOSE);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        });
    }
}
