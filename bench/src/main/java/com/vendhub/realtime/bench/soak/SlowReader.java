package com.vendhub.realtime.bench.soak;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The fan-out client too slow to read: connects, joins busy rooms, then stops reading its socket
 * (Netty {@code autoRead} off, a 4 KiB receive buffer), so the server's outbound queue for it only
 * grows; it keeps sending pongs, so only the slow-client bound, not the ping timeout, may cut it. The server's slow-client bound (docs/contract.md, "Socket.IO fan-out": "a client past the bound is disconnected") must
 * close it. To tell, at the end it reads again: what the kernel held drains, then the connection
 * must turn out closed; one still open then was never cut.
 */
final class SlowReader implements AutoCloseable {

    private static final int RECEIVE_BUFFER = 4 * 1024;
    /** Unasked pongs: several per ping interval (25 s), so one follows each ping well within the ping timeout (20 s). */
    private static final long PONG_EVERY_SECONDS = 5;

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final CountDownLatch subscribed = new CountDownLatch(1);
    /** Counted down by channelInactive (Netty completes the close future before it fires channelInactive). */
    private final CountDownLatch inactive = new CountDownLatch(1);
    private volatile Channel channel;
    private volatile boolean closedWhileSubscribed;

    /** Connects, joins {@code rooms} and stops reading; throws when it could not subscribe within a minute. */
    void start(int port, String token, List<String> rooms) throws InterruptedException {
        URI uri = URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket");
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(
                                        uri, WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), 1 << 20)),
                                new Handler(token, rooms));
                    }
                });
        channel = b.connect("127.0.0.1", port).sync().channel();
        if (!subscribed.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the slow reader did not subscribe within 60 s");
        }
    }

    /**
     * Reads again and waits up to {@code limit} for the connection to end: true when the server had
     * closed it (the buffered bytes drain, then the close arrives).
     */
    boolean closedByServer(Duration limit) throws InterruptedException {
        Channel ch = channel;
        if (ch == null) {
            return false;
        }
        ch.config().setAutoRead(true);
        ch.read();
        return inactive.await(limit.toMillis(), TimeUnit.MILLISECONDS) && closedWhileSubscribed;
    }

    @Override
    public void close() throws InterruptedException {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    private final class Handler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final String token;
        private final List<String> rooms;
        private int acksAwaited;
        private boolean stopped;

        Handler(String token, List<String> rooms) {
            this.token = token;
            this.rooms = rooms;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            if (stopped) {
                return; // the drain at the end: only the close matters
            }
            ByteBuf c = frame.content();
            String text = c.toString(java.nio.charset.StandardCharsets.UTF_8);
            if (text.equals("2")) {
                ctx.writeAndFlush(new TextWebSocketFrame("3"));
            } else if (text.startsWith("0")) {
                ctx.writeAndFlush(new TextWebSocketFrame("40{\"token\":\"" + token + "\"}"));
            } else if (text.startsWith("40")) {
                acksAwaited = rooms.size();
                int id = 1;
                for (String room : rooms) {
                    ctx.write(new TextWebSocketFrame("42" + id++ + "[\"subscribe\",{\"room\":\"" + room + "\"}]"));
                }
                ctx.flush();
            } else if (text.startsWith("43") && --acksAwaited == 0) {
                // From now on nothing is read. A pong still goes out every few seconds, unasked (writing needs
                // no reading): the client stays alive for the heartbeat, so what cuts it is the slow-client
                // bound and not the ping timeout (25 s + 20 s), which would cut it first at a low event rate.
                stopped = true;
                ctx.channel().config().setAutoRead(false);
                ctx.channel().eventLoop().scheduleAtFixedRate(() -> {
                    if (ctx.channel().isActive()) {
                        ctx.writeAndFlush(new TextWebSocketFrame("3"));
                    }
                }, PONG_EVERY_SECONDS, PONG_EVERY_SECONDS, TimeUnit.SECONDS);
                subscribed.countDown();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closedWhileSubscribed = stopped;
            inactive.countDown();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
