package com.vendhub.realtime.fanout.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.fanout.health.HealthEndpoints;
import com.vendhub.realtime.fanout.health.HealthProbe;
import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP port of a process that has no fan-out port ({@code vendhub ingest}): {@code GET /metrics},
 * {@code /health/live} and {@code /health/ready} only, with the bodies of the fan-out's (docs/operations.md,
 * "Health"). It is the fan-out's bounded pipeline ({@link HttpServerInitializer}: header, body and idle deadlines,
 * a connection cap answered with 503, bounded request line, headers and body; docs/security.md, "The HTTP port")
 * on one non-blocking event loop, so that a client that sends half a request and stops holds one connection
 * until the header deadline and delays nobody. Readiness and the scrape may block: they run on one worker thread
 * with a short queue, past which the answer is 429.
 */
public final class MonitoringHttpServer implements AutoCloseable {

    /** The probes and Prometheus send a few short headers. */
    static final int MAX_HEADER_BYTES = 8 * 1024;
    /** Only {@code GET}s are served: any request body is refused with 413. */
    static final int MAX_BODY_BYTES = 0;
    /** Readiness probes and scrapes waiting for the worker thread; beyond it 429. */
    static final int WORKER_QUEUE_CAPACITY = 16;

    private final EventLoopGroup loop;
    private final ThreadPoolExecutor worker;
    private final ChannelGroup channels;
    private final Channel serverChannel;

    private MonitoringHttpServer(EventLoopGroup loop, ThreadPoolExecutor worker, ChannelGroup channels,
            Channel serverChannel) {
        this.loop = loop;
        this.worker = worker;
        this.channels = channels;
        this.serverChannel = serverChannel;
    }

    /**
     * Binds {@code host:port} (0: any free port) and starts answering; readiness is {@code probe}'s, the scrape
     * {@code prometheus}'s, which also gets the port's meters ({@code vendhub_fanout_http_*}).
     */
    public static MonitoringHttpServer start(String host, int port, HttpServerInitializer.Limits limits,
            HealthProbe probe, PrometheusMeterRegistry prometheus) throws InterruptedException {
        Objects.requireNonNull(host, "host");
        ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(WORKER_QUEUE_CAPACITY), new DefaultThreadFactory("monitoring-worker", true),
                new ThreadPoolExecutor.AbortPolicy());
        ChannelGroup channels = new DefaultChannelGroup("monitoring-http", GlobalEventExecutor.INSTANCE);
        HttpServerInitializer initializer = HttpServerInitializer.monitoring(MAX_HEADER_BYTES, MAX_BODY_BYTES, limits,
                channels, new HealthEndpoints(probe), prometheus, worker, new FanoutMetrics(prometheus),
                new ObjectMapper());
        // One loop accepts and serves: nothing on it blocks, and each connection costs a few handlers until its
        // deadline or the connection cap.
        EventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("monitoring-http", true));
        try {
            Channel serverChannel = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                    .childHandler(initializer).bind(new InetSocketAddress(host, port)).sync().channel();
            return new MonitoringHttpServer(loop, worker, channels, serverChannel);
        } catch (RuntimeException | InterruptedException e) {
            loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            worker.shutdownNow();
            throw e;
        }
    }

    /** The bound port (the one chosen when 0 was given). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops accepting, closes every connection (a scrape in flight is cut) and ends both threads. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        worker.shutdownNow();
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
