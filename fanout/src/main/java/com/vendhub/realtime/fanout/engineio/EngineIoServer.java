package com.vendhub.realtime.fanout.engineio;

import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point for requests under {@code /socket.io/}: validates the handshake and upgrades to the
 * websocket transport. A polling transport would be dispatched here on {@code transport=polling}
 * (handshake GET, then GET/POST by {@code sid}).
 */
public final class EngineIoServer {

    private static final Logger log = LoggerFactory.getLogger(EngineIoServer.class);

    private final EngineIoSettings settings;
    private final EngineIoConnectionHandler handler;
    private final FanoutMetrics metrics;
    private final Consumer<HttpHeaders> corsHeaders;
    private final EngineIoHandshake handshake = new EngineIoHandshake(Set.of("websocket"));
    private final EngineIoCodec codec;
    private final SessionIds ids = new SessionIds();
    private final Set<EngineIoSession> sessions = ConcurrentHashMap.newKeySet();

    /**
     * @param corsHeaders adds the configured CORS headers to the handshake's error responses
     */
    public EngineIoServer(EngineIoSettings settings, EngineIoConnectionHandler handler, FanoutMetrics metrics,
            Consumer<HttpHeaders> corsHeaders) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.corsHeaders = Objects.requireNonNull(corsHeaders, "corsHeaders");
        this.codec = new EngineIoCodec(settings.maxPayloadBytes());
    }

    /** Handles one request to {@code /socket.io/}; {@code ctx} is the HTTP router's context. On the event loop. */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder query) {
        String transport = first(query, "transport");
        Optional<EngineIoHandshakeError> error = handshake.check(transport, first(query, "EIO"), first(query, "sid"),
                HttpMethod.GET.equals(request.method()), isWebSocketUpgrade(request.headers()));
        if (error.isPresent()) {
            reject(ctx, request, error.get());
            return;
        }
        upgrade(ctx, request);
    }

    /** Open sessions (authenticated or not). */
    public int sessionCount() {
        return sessions.size();
    }

    /** Closes every session (close frame 1001 "going away"), e.g. on shutdown. */
    public void closeAll() {
        for (EngineIoSession session : sessions) {
            session.close("server_shutdown");
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
        String url = "ws://" + Objects.requireNonNullElse(request.headers().get(HttpHeaderNames.HOST), "localhost")
                + request.uri();
        WebSocketDecoderConfig decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(settings.webSocketMaxFrameBytes())
                .allowExtensions(false) // no permessage-deflate: one encoded frame is shared by every recipient
                .closeOnProtocolViolation(true)
                .build();
        WebSocketServerHandshaker handshaker =
                new WebSocketServerHandshakerFactory(url, null, decoderConfig).newHandshaker(request);
        if (handshaker == null) {
            metrics.connectError("unsupported_websocket_version");
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        WebSocketTransport transport = new WebSocketTransport(ctx.channel(), handshaker, settings, metrics);
        EngineIoSession session = new EngineIoSession(ids.next(), transport, settings, codec, metrics);
        sessions.add(session);
        ctx.channel().closeFuture().addListener(f -> sessions.remove(session));
        transport.bind(session);

        // The handshaker swaps the HTTP codec for the WebSocket codec (and drops the aggregator);
        // our handlers replace the router in the same event-loop turn, before the next read.
        handshaker.handshake(ctx.channel(), request).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                log.debug("websocket handshake with {} failed: {}", ctx.channel().remoteAddress(), f.cause().toString());
                f.channel().close();
            }
        });
        ChannelPipeline pipeline = ctx.pipeline();
        if (pipeline.get(IdleStateHandler.class) != null) {
            // The HTTP idle bound stops here: the Engine.IO heartbeat now detects dead peers.
            pipeline.remove(IdleStateHandler.class);
        }
        pipeline.addBefore(ctx.name(), "ws-utf8", new Utf8FrameValidator());
        pipeline.addBefore(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(settings.maxPayloadBytes()));
        pipeline.replace(ctx.name(), "engineio-websocket", transport);
        session.start(handler, new HandshakeInfo(authorization, ctx.channel().remoteAddress(), transport.name()));
    }

    private void reject(ChannelHandlerContext ctx, FullHttpRequest request, EngineIoHandshakeError error) {
        metrics.connectError(error.tag());
        log.debug("engine.io handshake from {} refused: {}", ctx.channel().remoteAddress(), error);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(error.httpStatus()),
                Unpooled.copiedBuffer(error.json(), StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        corsHeaders.accept(response.headers());
        // A refused handshake (especially a refused upgrade) leaves the connection in no useful state: close it.
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static boolean isWebSocketUpgrade(HttpHeaders headers) {
        return headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && headers.contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    private static String first(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
