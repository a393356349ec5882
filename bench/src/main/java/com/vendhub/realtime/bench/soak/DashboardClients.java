package com.vendhub.realtime.bench.soak;

import com.vendhub.realtime.bench.fanout.EngineIoClientHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak's dashboards: Socket.IO v5 clients over a raw websocket on Netty (as the fan-out
 * benchmark's {@code LoadClients}, cheap enough for thousands in one process), each in its rooms,
 * each losing its link now and then (a TCP close, as a phone going through a tunnel) and coming back
 * with connection state recovery ({@code {token, pid, offset}} in the CONNECT, as socket.io-client
 * 4.6+ does); a client the server could not recover subscribes again.
 *
 * <p>Counted: deliveries, offsets delivered twice to one client (exactly-once of recovery),
 * reconnects recovered or not, and closes the server made on its own (the others of the slow
 * client must see none).
 */
final class DashboardClients implements AutoCloseable {

    private static final Pattern PID = Pattern.compile("\"pid\":\"([^\"]+)\"");
    /** Offsets remembered per client to find a broadcast delivered twice (one per event: minutes of history). */
    private static final int OFFSETS_REMEMBERED = 4_096;
    private static final Duration RECONNECT_FIRST = Duration.ofSeconds(1);
    private static final Duration RECONNECT_MAX = Duration.ofSeconds(5);

    private final EventLoopGroup group = new NioEventLoopGroup(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-dashboards");
        t.setDaemon(true);
        return t;
    });
    private final URI uri;
    private final int port;
    private final List<Client> clients = new ArrayList<>();
    /** Draws the drops; used by the scheduler thread only (reconnect delays use ThreadLocalRandom). */
    private final SplittableRandom random;
    private volatile boolean closing;

    final AtomicLong delivered = new AtomicLong();
    final AtomicLong drops = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong recovered = new AtomicLong();
    final AtomicLong notRecovered = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong serverClosed = new AtomicLong();
    final AtomicLong connectFailures = new AtomicLong();
    final AtomicLong connectErrors = new AtomicLong();
    final AtomicLong subscribeRefused = new AtomicLong();

    DashboardClients(int port, long seed) {
        this.port = port;
        this.uri = URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket");
        this.random = new SplittableRandom(seed);
    }

    /** Adds a client (not yet connected); {@code listener} (may be null) sees every event frame's text. */
    Client add(String token, List<String> rooms, boolean drops, Consumer<String> listener) {
        Client c = new Client(token, List.copyOf(rooms), drops, listener);
        clients.add(c);
        return c;
    }

    int size() {
        return clients.size();
    }

    /** Connects every client, {@code parallel} at a time; returns when all are subscribed, or throws. */
    void connectAll(int parallel) throws InterruptedException {
        for (int start = 0; start < clients.size(); start += parallel) {
            List<Client> batch = clients.subList(start, Math.min(clients.size(), start + parallel));
            for (Client c : batch) {
                c.connect();
            }
            for (Client c : batch) {
                if (!c.firstReady.await(120, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("a dashboard client did not connect and subscribe within 120 s");
                }
            }
        }
    }

    /** Every second, each droppable client loses its link with probability 1/{@code meanEvery} seconds. */
    void startDrops(Duration meanEvery) {
        double p = 1.0 / Math.max(1, meanEvery.toSeconds());
        scheduler.scheduleWithFixedDelay(() -> {
            for (Client c : clients) {
                if (c.droppable && c.ready && random.nextDouble() < p) {
                    c.drop();
                }
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** Clients connected and subscribed right now. */
    long readyCount() {
        return clients.stream().filter(c -> c.ready).count();
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        scheduler.shutdownNow();
        for (Client c : clients) {
            Channel ch = c.channel;
            if (ch != null) {
                ch.close();
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    /** One dashboard across its reconnects: rooms, recovery session ({@code pid}, last offset) and offsets seen. */
    final class Client {
        private final String token;
        private final List<String> rooms;
        private final boolean droppable;
        private final Consumer<String> listener;
        private final CountDownLatch firstReady = new CountDownLatch(1);
        private final LinkedHashSet<String> seenOffsets = new LinkedHashSet<>();
        private volatile Channel channel;
        private volatile boolean ready;
        private volatile boolean droppedByUs;
        private String pid;
        private String lastOffset;
        /** Reconnect attempts since the last successful CONNECT (touched by one thread at a time). */
        private volatile int failedAttempts;

        private Client(String token, List<String> rooms, boolean drops, Consumer<String> listener) {
            this.token = token;
            this.rooms = rooms;
            this.droppable = drops;
            this.listener = listener;
        }

        boolean ready() {
            return ready;
        }

        private void connect() {
            if (closing) {
                return;
            }
            droppedByUs = false;
            Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                                    new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(
                                            uri, WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), 1 << 20)),
                                    new Connection(Client.this));
                        }
                    });
            ChannelFuture f = b.connect("127.0.0.1", port);
            channel = f.channel();
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    connectFailures.incrementAndGet();
                    reconnectLater();
                }
            });
        }

        /** The link drops (a TCP close, not a Socket.IO disconnect): the server keeps the session for recovery. */
        private void drop() {
            Channel ch = channel;
            if (ch == null || closing) {
                return;
            }
            ready = false;
            droppedByUs = true;
            drops.incrementAndGet();
            ch.close();
        }

        /**
         * As socket.io-client's defaults: the first attempt after about {@link #RECONNECT_FIRST}, each
         * failed one doubling the delay up to {@link #RECONNECT_MAX}, randomized by half either way
         * (reconnectionDelay 1000, reconnectionDelayMax 5000, randomizationFactor 0.5), so a server
         * that stops answering is not hammered by every client at once.
         */
        private void reconnectLater() {
            if (closing) {
                return;
            }
            int attempt = Math.min(failedAttempts++, 10);
            double base = Math.min(RECONNECT_MAX.toMillis(), RECONNECT_FIRST.toMillis() * Math.pow(2, attempt));
            long delay = (long) (base * (0.5 + java.util.concurrent.ThreadLocalRandom.current().nextDouble()));
            try {
                scheduler.schedule(() -> {
                    reconnects.incrementAndGet();
                    connect();
                }, delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }

        private synchronized String connectPacket() {
            StringBuilder s = new StringBuilder("40{\"token\":\"").append(token).append('"');
            if (pid != null) {
                s.append(",\"pid\":\"").append(pid).append('"');
                if (lastOffset != null) {
                    s.append(",\"offset\":\"").append(lastOffset).append('"');
                }
            }
            return s.append('}').toString();
        }

        /** The CONNECT reply: recovered when the server handed back our private session id. */
        private synchronized boolean connected(String reply) {
            Matcher m = PID.matcher(reply);
            String newPid = m.find() ? m.group(1) : null;
            boolean wasRecovered = pid != null && pid.equals(newPid);
            if (pid != null) {
                (wasRecovered ? recovered : notRecovered).incrementAndGet();
            }
            if (!wasRecovered) {
                seenOffsets.clear();
                lastOffset = null;
            }
            pid = newPid;
            return wasRecovered;
        }

        private synchronized void offset(String offset) {
            if (!seenOffsets.add(offset)) {
                duplicates.incrementAndGet();
                return;
            }
            if (seenOffsets.size() > OFFSETS_REMEMBERED) {
                Iterator<String> it = seenOffsets.iterator();
                it.next();
                it.remove();
            }
            lastOffset = offset;
        }

        private void markReady() {
            ready = true;
            failedAttempts = 0;
            firstReady.countDown();
        }
    }

    /** One websocket of a client. */
    private final class Connection extends EngineIoClientHandler {
        private final Client client;
        private boolean opened;
        private int acksAwaited;

        Connection(Client client) {
            this.client = client;
        }

        @Override
        protected void onOpen(ChannelHandlerContext ctx) {
            opened = true;
            ctx.writeAndFlush(new TextWebSocketFrame(client.connectPacket()));
        }

        @Override
        protected void onSocketIo(ChannelHandlerContext ctx, byte sio, ByteBuf c) {
            if (sio == '2') {
                delivered.incrementAndGet();
                String text = c.toString(StandardCharsets.UTF_8);
                String offset = offsetOf(text);
                if (offset != null) {
                    client.offset(offset);
                }
                if (client.listener != null) {
                    client.listener.accept(text);
                }
            } else if (sio == '0') {
                if (client.connected(c.toString(StandardCharsets.UTF_8)) || client.rooms.isEmpty()) {
                    client.markReady(); // the server gave our rooms back
                } else {
                    acksAwaited = client.rooms.size();
                    int id = 1;
                    for (String room : client.rooms) {
                        ctx.write(new TextWebSocketFrame("42" + id++ + "[\"subscribe\",{\"room\":\"" + room + "\"}]"));
                    }
                    ctx.flush();
                }
            } else if (sio == '3') {
                if (c.toString(StandardCharsets.UTF_8).contains("\"ok\":false")) {
                    subscribeRefused.incrementAndGet();
                }
                if (--acksAwaited == 0) {
                    client.markReady();
                }
            } else if (sio == '4') {
                connectErrors.incrementAndGet();
                client.droppedByUs = true; // channelInactive reconnects
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            client.ready = false;
            if (closing) {
                return;
            }
            if (client.droppedByUs) {
                client.reconnectLater();
                return;
            }
            if (opened) {
                serverClosed.incrementAndGet();
            } else {
                connectFailures.incrementAndGet();
            }
            client.reconnectLater();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The last argument of {@code 42["event",data,"123"]}: the recovery offset; null when there is none. */
    static String offsetOf(String frame) {
        if (!frame.endsWith("\"]")) {
            return null;
        }
        int start = frame.lastIndexOf(",\"", frame.length() - 3);
        if (start < 0) {
            return null;
        }
        String offset = frame.substring(start + 2, frame.length() - 2);
        for (int i = 0; i < offset.length(); i++) {
            if (!Character.isDigit(offset.charAt(i))) {
                return null;
            }
        }
        return offset.isEmpty() ? null : offset;
    }
}
