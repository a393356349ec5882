package com.vendhub.realtime.bench.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * The Engine.IO half of a bench Socket.IO client on one websocket ("Protocol" of Engine.IO v4):
 * answers each ping with a pong, hands the open packet to {@link #onOpen} (where the client sends
 * its CONNECT) and every Socket.IO packet to {@link #onSocketIo}, straight from the frame's bytes
 * so that thousands of clients stay cheap. Shared by the fan-out benchmark's {@code LoadClients}
 * and the soak's dashboards.
 */
public abstract class EngineIoClientHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {

    @Override
    protected final void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        ByteBuf c = frame.content();
        int n = c.readableBytes();
        if (n == 0) {
            return;
        }
        byte type = c.getByte(c.readerIndex());
        if (type == '2' && n == 1) {
            ctx.writeAndFlush(new TextWebSocketFrame("3"));
            return;
        }
        if (type == '0') {
            onOpen(ctx);
            return;
        }
        if (type != '4' || n < 2) {
            return;
        }
        onSocketIo(ctx, c.getByte(c.readerIndex() + 1), c);
    }

    /** The Engine.IO open packet arrived: send the Socket.IO CONNECT. */
    protected abstract void onOpen(ChannelHandlerContext ctx);

    /**
     * One Socket.IO packet of type {@code type} ({@code '0'} CONNECT, {@code '2'} EVENT, {@code '3'}
     * ACK, {@code '4'} CONNECT_ERROR...); {@code frame} is the whole Engine.IO packet, released after.
     */
    protected abstract void onSocketIo(ChannelHandlerContext ctx, byte type, ByteBuf frame);
}
