package com.vendhub.realtime.fanout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.fanout.auth.JwtVerifier;
import com.vendhub.realtime.fanout.engineio.EngineIoServer;
import com.vendhub.realtime.fanout.engineio.EngineIoSettings;
import com.vendhub.realtime.fanout.events.BackendEventPolicy;
import com.vendhub.realtime.fanout.events.EventsEndpoint;
import com.vendhub.realtime.fanout.health.HealthEndpoints;
import com.vendhub.realtime.fanout.health.HealthProbe;
import com.vendhub.realtime.fanout.http.Cors;
import com.vendhub.realtime.fanout.history.HistorySettings;
import com.vendhub.realtime.fanout.history.TelemetryHistory;
import com.vendhub.realtime.fanout.history.TelemetryHistoryEndpoint;
import com.vendhub.realtime.fanout.http.HttpServerInitializer;
import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import com.vendhub.realtime.fanout.recovery.RecoveryLog;
import com.vendhub.realtime.fanout.recovery.RecoverySettings;
import com.vendhub.realtime.fanout.rest.AlertDirectory;
import com.vendhub.realtime.fanout.rest.RestApi;
import com.vendhub.realtime.fanout.rooms.RoomAccessPolicy;
import com.vendhub.realtime.fanout.rooms.RoomRegistry;
import com.vendhub.realtime.fanout.socketio.Broadcaster;
import com.vendhub.realtime.fanout.socketio.SocketIoServer;
import com.vendhub.realtime.fanout.socketio.SocketIoSession;
import com.vendhub.realtime.fanout.socketio.SocketIoSettings;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.events.RoomEventSink;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.machines.MachineLiveState;
import com.vendhub.realtime.schema.machines.MachineRegistry;
import com.vendhub.realtime.schema.rooms.Room;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out node: HTTP + Socket.IO on one port, plus REST, health and metrics. It is the {@link
 * RoomEventSink} ingest publishes to; {@link #publish} never blocks and never throws.
 */
public final class FanoutServer implements RoomEventSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FanoutServer.class);

    private final FanoutConfig config;
    private final FanoutMetrics metrics;
    private final RoomRegistry<SocketIoSession> registry = new RoomRegistry<>();
    private final ThreadPoolExecutor workers;
    private final EngineIoServer engineIo;
    private final Broadcaster broadcaster;
    private final HttpServerInitializer initializer;
    private final RecoveryLog recovery;
    private final ChannelGroup channels = new DefaultChannelGroup("fanout", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup bossGroup;
    private EventLoopGroup ioGroup;
    private Channel serverChannel;
    private boolean closed;

    /**
     * @param verifier authenticates Socket.IO connects and REST calls
     * @param machines the machine registry: REST's machines, and who owns a machine (for {@code
     *                 machine:{id}} rooms and backend events)
     * @param live     status and latest reading of each machine, where this process ingests
     * @param health readiness components
     * @param prometheus meter registry, also scraped at {@code /metrics}
     */
    public FanoutServer(FanoutConfig config, JwtVerifier verifier, MachineRegistry machines,
            MachineLiveState live, HealthProbe health, PrometheusMeterRegistry prometheus) {
        this(config, verifier, machines, live, AlertDirectory.NONE, health, prometheus, null);
    }

    /**
     * As above; {@code alerts} answers {@code GET /api/v1/alerts?active=true}, and {@code backendEvents}
     * receives the events of {@code POST /api/v1/events} (null: this server's own fan-out, as in
     * {@code vendhub serve}; a {@code vendhub fanout} node passes the MQTT event stream so that every
     * node serves them).
     */
    public FanoutServer(FanoutConfig config, JwtVerifier verifier, MachineRegistry machines,
            MachineLiveState live, AlertDirectory alerts, HealthProbe health, PrometheusMeterRegistry prometheus,
            RoomEventSink backendEvents) {
        this(config, verifier, machines, live, alerts, health, prometheus, backendEvents, TelemetryHistory.NONE,
                HistorySettings.defaults());
    }

    /**
     * As above, with the REST telemetry history read from {@code history} within {@code historySettings}.
     */
    public FanoutServer(FanoutConfig config, JwtVerifier verifier, MachineRegistry machines,
            MachineLiveState live, AlertDirectory alerts, HealthProbe health, PrometheusMeterRegistry prometheus,
            RoomEventSink backendEvents, TelemetryHistory history, HistorySettings historySettings) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(prometheus, "prometheus");
        ObjectMapper mapper = WireJson.newObjectMapper();
        this.metrics = new FanoutMetrics(prometheus);
        metrics.gauge("rooms", "Rooms with at least one member", registry::roomCount);
        this.workers = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.workerQueueCapacity()),
                new DefaultThreadFactory("fanout-worker", true), new ThreadPoolExecutor.AbortPolicy());
        metrics.gauge("worker.queue.size", "Tasks waiting for a worker", () -> workers.getQueue().size());
        this.recovery = new RecoveryLog(new RecoverySettings(config.recoveryWindow(), config.recoveryMaxEvents(),
                config.recoveryMaxBytes(), config.recoveryMaxSessions()), metrics, System::nanoTime);
        SocketIoServer socketIo = new SocketIoServer(mapper, config.maxPayloadBytes(), verifier,
                new RoomAccessPolicy(machines), registry, workers,
                new SocketIoSettings(config.connectTimeout(), config.maxRoomsPerSocket(),
                        config.maxPendingCommandsPerSocket(), config.jwtExpiryGrace()),
                metrics, recovery);
        Cors cors = new Cors(config.corsOrigin());
        this.engineIo = new EngineIoServer(
                new EngineIoSettings(config.pingInterval(), config.pingTimeout(), config.maxPayloadBytes(),
                        config.webSocketMaxFrameBytes(), config.slowClientGrace(), config.maxOutboundBytesPerSocket(),
                        config.pollingMaxPendingPackets(), config.upgradeTimeout()),
                socketIo, metrics);
        this.broadcaster = new Broadcaster(registry, socketIo.codec(), PooledByteBufAllocator.DEFAULT, metrics,
                recovery);
        this.initializer = HttpServerInitializer.fanout(config.maxHttpHeaderBytes(), config.restBodyLimitBytes(),
                new HttpServerInitializer.Limits(config.httpHeaderTimeout(), config.httpBodyTimeout(),
                        config.httpIdleTimeout(), config.httpMaxConnections()), channels,
                engineIo, new RestApi(verifier, machines, live, alerts, mapper, new EventsEndpoint(
                        backendEvents == null ? this : backendEvents, new BackendEventPolicy(machines), mapper,
                        prometheus),
                        new TelemetryHistoryEndpoint(history, machines, historySettings, mapper, prometheus)),
                new HealthEndpoints(health), prometheus, workers,
                cors, metrics, mapper);
    }

    /** Binds the port and returns it (the actual one when {@link FanoutConfig#port()} is 0). */
    public synchronized int start() throws InterruptedException {
        if (serverChannel != null || closed) {
            throw new IllegalStateException(closed ? "server closed" : "server already started");
        }
        bossGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("fanout-accept"));
        // 0: one event loop per core, not Netty's 2 x cores. The loops do no blocking I/O (REST and history run
        // on the worker pool), and a broadcast wakes every loop that holds a member of the room: fewer loops,
        // fewer wake-ups per broadcast.
        int loops = config.ioThreads() != 0 ? config.ioThreads() : Runtime.getRuntime().availableProcessors();
        ioGroup = new NioEventLoopGroup(loops, new DefaultThreadFactory("fanout-io"));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark()))
                .childHandler(initializer);
        try {
            serverChannel = bootstrap.bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            shutdownGroups();
            throw e;
        }
        int port = port();
        log.info("HTTP + Socket.IO listening on {}:{}", config.host(), port);
        return port;
    }

    /** The bound port; -1 before {@link #start()}. */
    public synchronized int port() {
        return serverChannel == null ? -1 : ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Socket.IO sockets connected to the main namespace (also the {@code vendhub_fanout_connected_sockets} gauge). */
    public int connectedSockets() {
        return metrics.connectedSockets().get();
    }

    @Override
    public void publish(RoomEvent event) {
        broadcaster.publish(event);
    }

    @Override
    public boolean hasAudience(UUID organizationId, Room room) {
        return broadcaster.hasAudience(organizationId, room);
    }

    /** Stops accepting, closes every socket (close frame 1001), drains the workers, stops the event loops. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        engineIo.closeAll();
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        shutdownGroups();
        recovery.close();
        log.info("HTTP + Socket.IO server stopped");
    }

    private void shutdownGroups() {
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (ioGroup != null) {
            ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
