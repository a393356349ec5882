package com.vendhub.realtime.fanout.engineio;

import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Engine.IO {@code websocket} transport: one text frame per packet. It also enforces the
 * slow-client bound: a channel that stays unwritable (past the high water mark) for longer than
 * {@link EngineIoSettings#slowClientGrace()}, or piles up more than {@link
 * EngineIoSettings#maxOutboundBytes()}, is closed so it never holds memory or slows anyone else.
 */
final class WebSocketTransport extends SimpleChannelInboundHandler<WebSocketFrame> implements Transport {

    private static final Logger log = LoggerFactory.getLogger(WebSocketTransport.class);

    private final Channel channel;
    private final WebSocketServerHandshaker handshaker;
    private final EngineIoSettings settings;
    private final FanoutMetrics metrics;
    private final Runnable flushTask = this::flushNow;
    private EngineIoSession session;
    private boolean flushPending;
    private ScheduledFuture<?> slowCheck;
    private volatile String closeReason;

    WebSocketTransport(Channel channel, WebSocketServerHandshaker handshaker, EngineIoSettings settings,
            FanoutMetrics metrics) {
        this.channel = channel;
        this.handshaker = handshaker;
        this.settings = settings;
        this.metrics = metrics;
    }

    void bind(EngineIoSession session) {
        this.session = session;
    }

    @Override
    public String name() {
        return "websocket";
    }

    /**
     * Runs {@code action} on the session's executor. A websocket opened directly shares its
     * session's event loop; one that upgraded a polling session may not, and then hops.
     */
    private void onSession(Runnable action) {
        EventExecutor executor = session.executor();
        if (executor.inEventLoop()) {
            action.run();
        } else {
            executor.execute(action);
        }
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public void send(String encodedPacket) {
        if (channel.isActive()) {
            channel.writeAndFlush(new TextWebSocketFrame(encodedPacket), channel.voidPromise());
        }
    }

    @Override
    public boolean deliver(ByteBuf encodedPacket) {
        if (!channel.eventLoop().inEventLoop()) {
            // An upgraded session lives on another loop: write from our own so the flush stays coalesced.
            try {
                channel.eventLoop().execute(() -> deliver(encodedPacket));
            } catch (RejectedExecutionException e) {
                encodedPacket.release();
                return false;
            }
            return true;
        }
        if (!channel.isActive() || closeReason != null) {
            encodedPacket.release();
            return false;
        }
        if (!channel.isWritable()) {
            ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
            long pending = buffer == null ? 0 : buffer.totalPendingWriteBytes();
            if (pending + encodedPacket.readableBytes() > settings.maxOutboundBytes()) {
                encodedPacket.release();
                disconnectSlow("outbound_limit", pending);
                return false;
            }
        }
        channel.write(new TextWebSocketFrame(encodedPacket), channel.voidPromise());
        if (!flushPending) {
            // One flush per loop turn for however many frames were queued for this channel meanwhile.
            flushPending = true;
            channel.eventLoop().execute(flushTask);
        }
        return true;
    }

    @Override
    public void close(String reason) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> close(reason));
            return;
        }
        if (closeReason != null) {
            return;
        }
        closeReason = reason;
        if (!channel.isActive()) {
            return;
        }
        WebSocketCloseStatus status = switch (reason) {
            case "protocol_error" -> WebSocketCloseStatus.PROTOCOL_ERROR;
            case "server_shutdown" -> WebSocketCloseStatus.ENDPOINT_UNAVAILABLE;
            case "internal_error" -> WebSocketCloseStatus.INTERNAL_SERVER_ERROR;
            default -> WebSocketCloseStatus.NORMAL_CLOSURE;
        };
        // Close frame then TCP close (RFC 6455 section 7.1.1: the server closes the TCP connection first).
        channel.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame text) {
            String data = text.text();
            onSession(() -> session.onText(this, data));
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof PongWebSocketFrame) {
            log.trace("websocket pong from {}", channel.remoteAddress());
        } else if (frame instanceof CloseWebSocketFrame) {
            closeReason = closeReason == null ? "client_close" : closeReason;
            handshaker.close(ctx.channel(), (CloseWebSocketFrame) frame.retain());
        } else if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            // Binary frames carry Socket.IO attachments (BINARY_EVENT/BINARY_ACK), which this server refuses.
            onSession(() -> session.protocolError(this, "binary_frame", "binary WebSocket frames are not supported"));
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!channel.isWritable()) {
            if (slowCheck == null && closeReason == null) {
                slowCheck = channel.eventLoop().schedule(this::checkStillSlow,
                        settings.slowClientGrace().toMillis(), TimeUnit.MILLISECONDS);
            }
        } else if (slowCheck != null) {
            slowCheck.cancel(false);
            slowCheck = null;
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (slowCheck != null) {
            slowCheck.cancel(false);
        }
        String reason = closeReason == null ? "transport_close" : closeReason;
        closeReason = reason;
        if (session != null) {
            onSession(() -> session.onTransportClosed(this, reason));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || (cause instanceof CorruptedWebSocketFrameException c
                && c.closeStatus() != null && c.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code())) {
            String detail = cause.getMessage();
            onSession(() -> session.protocolError(this, "message_too_large", detail));
        } else if (cause instanceof CorruptedFrameException) {
            String detail = cause.getMessage();
            onSession(() -> session.protocolError(this, "bad_frame", detail));
        } else if (cause instanceof IOException) {
            log.debug("websocket {} I/O error: {}", channel.remoteAddress(), cause.toString());
            closeReason = closeReason == null ? "transport_error" : closeReason;
            channel.close();
        } else {
            metrics.protocolError("internal_error");
            log.warn("websocket {} unexpected error; closing", channel.remoteAddress(), cause);
            closeReason = closeReason == null ? "internal_error" : closeReason;
            channel.close();
        }
    }

    private void checkStillSlow() {
        slowCheck = null;
        if (channel.isActive() && !channel.isWritable()) {
            ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
            disconnectSlow("grace_expired", buffer == null ? 0 : buffer.totalPendingWriteBytes());
        }
    }

    private void disconnectSlow(String why, long pendingBytes) {
        if (closeReason != null) {
            return;
        }
        closeReason = "slow_client";
        metrics.slowClientDisconnected(why);
        log.info("websocket {} disconnected as a slow client ({}): {} bytes pending", channel.remoteAddress(), why,
                pendingBytes);
        // No close frame: the client is not reading, and whatever we queue only holds memory longer.
        channel.close();
    }

    private void flushNow() {
        flushPending = false;
        channel.flush();
    }
}
