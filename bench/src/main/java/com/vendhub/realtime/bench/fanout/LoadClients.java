package com.vendhub.realtime.bench.fanout;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator's subscribers: raw Socket.IO-over-websocket clients on Netty (cheap enough
 * that 10,000 fit in one process and 1,000 can take several hundred thousand messages a second).
 * Each connects, sends CONNECT with its auth, subscribes to one room, answers pings and, for every
 * event whose data starts with {@code {"t":<nanoTime>}}, records the publish-to-receive latency.
 */
final class LoadClients implements AutoCloseable {

    private final EventLoopGroup group = new NioEventLoopGroup(2);
    private final List<Channel> channels = new ArrayList<>();
    private final Latencies latencies = new Latencies();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong disconnected = new AtomicLong();

    Latencies latencies() {
        return latencies;
    }

    long delivered() {
        return delivered.get();
    }

    long disconnected() {
        return disconnected.get();
    }

    int size() {
        return channels.size();
    }

    /**
     * Connects {@code rooms.size()} clients, the i-th subscribed to {@code rooms.get(i)} (null: no
     * room), {@code parallel} handshakes at a time; returns when all are subscribed.
     */
    void connect(int port, String authJson, List<String> rooms, int parallel) throws InterruptedException {
        URI uri = URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket");
        for (int start = 0; start < rooms.size(); start += parallel) {
            int end = Math.min(rooms.size(), start + parallel);
            CountDownLatch ready = new CountDownLatch(end - start);
            for (int i = start; i < end; i++) {
                String room = rooms.get(i);
                Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                                        new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory
                                                .newHandshaker(uri, WebSocketVersion.V13, null, false,
                                                        new DefaultHttpHeaders(), 1 << 20)),
                                        new Client(authJson, room, ready));
                            }
                        });
                Channel ch = b.connect("127.0.0.1", port).sync().channel();
                synchronized (channels) {
                    channels.add(ch);
                }
            }
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("clients did not connect and subscribe in time");
            }
        }
    }

    /** Closes every client connection (the event loops stay). */
    void disconnectAll() throws InterruptedException {
        List<Channel> copy;
        synchronized (channels) {
            copy = new ArrayList<>(channels);
            channels.clear();
        }
        for (Channel c : copy) {
            c.close();
        }
        for (Channel c : copy) {
            c.closeFuture().await(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        disconnectAll();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private final class Client extends EngineIoClientHandler {
        private final String authJson;
        private final String room;
        private final CountDownLatch ready;
        private boolean subscribed;

        Client(String authJson, String room, CountDownLatch ready) {
            this.authJson = authJson;
            this.room = room;
            this.ready = ready;
        }

        @Override
        protected void onOpen(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(new TextWebSocketFrame("40" + authJson));
        }

        @Override
        protected void onSocketIo(ChannelHandlerContext ctx, byte sio, ByteBuf c) {
            if (sio == '0') {
                if (room == null) {
                    markReady();
                } else {
                    ctx.writeAndFlush(new TextWebSocketFrame("421[\"subscribe\",{\"room\":\"" + room + "\"}]"));
                }
            } else if (sio == '3') {
                markReady(); // the subscribe ack
            } else if (sio == '2') {
                long t = timestamp(c);
                if (t > 0) {
                    delivered.incrementAndGet();
                    latencies.record(System.nanoTime() - t);
                }
            } else if (sio == '4') {
                throw new IllegalStateException("connect refused: " + c.toString(StandardCharsets.UTF_8));
            }
        }

        private void markReady() {
            if (!subscribed) {
                subscribed = true;
                ready.countDown();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            disconnected.incrementAndGet();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The number after the first {@code "t":} in the frame, or -1. */
    static long timestamp(ByteBuf c) {
        int start = c.readerIndex();
        int end = c.writerIndex();
        for (int i = start; i + 4 < end; i++) {
            if (c.getByte(i) == '"' && c.getByte(i + 1) == 't' && c.getByte(i + 2) == '"' && c.getByte(i + 3) == ':') {
                long v = 0;
                int j = i + 4;
                boolean any = false;
                while (j < end) {
                    byte b = c.getByte(j);
                    if (b < '0' || b > '9') {
                        break;
                    }
                    v = v * 10 + (b - '0');
                    any = true;
                    j++;
                }
                return any ? v : -1;
            }
        }
        return -1;
    }
}
