package com.vendhub.realtime.fanout.engineio;

import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
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
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point for requests under {@code /socket.io/}: validates the handshake, opens websocket and
 * polling sessions, routes polling GET/POST by {@code sid}, and upgrades a polling session to a
 * websocket that carries its {@code sid} ("Protocol, Upgrade").
 */
public final class EngineIoServer {

    private static final Logger log = LoggerFactory.getLogger(EngineIoServer.class);

    private final EngineIoSettings settings;
    private final EngineIoConnectionHandler handler;
    private final FanoutMetrics metrics;
    private final EngineIoHandshake handshake = new EngineIoHandshake(Set.of("websocket", "polling"));
    private final EngineIoCodec codec;
    private final SessionIds ids = new SessionIds();
    private final Map<String, EngineIoSession> sessions = new ConcurrentHashMap<>();

    /** CORS headers are added to every answer by the HTTP pipeline (fanout.http.CorsHandler). */
    public EngineIoServer(EngineIoSettings settings, EngineIoConnectionHandler handler, FanoutMetrics metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
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
        String sid = first(query, "sid");
        if (sid == null) {
            if ("websocket".equals(transport)) {
                upgrade(ctx, request, null);
            } else {
                openPolling(ctx, request);
            }
            return;
        }
        EngineIoSession session = sessions.get(sid);
        if (session == null) {
            reject(ctx, request, EngineIoHandshakeError.UNKNOWN_SID);
            return;
        }
        if ("websocket".equals(transport)) {
            upgrade(ctx, request, session);
        } else if (HttpMethod.GET.equals(request.method()) || HttpMethod.POST.equals(request.method())) {
            poll(ctx, request, session);
        } else {
            reject(ctx, request, EngineIoHandshakeError.BAD_REQUEST);
        }
    }

    private void openPolling(ChannelHandlerContext ctx, FullHttpRequest request) {
        PollingTransport transport = new PollingTransport(ctx.channel().eventLoop(), ctx.channel().remoteAddress(),
                settings, metrics);
        EngineIoSession session = register(new EngineIoSession(ids.next(), ctx.channel().eventLoop(), transport,
                settings, codec, metrics));
        transport.bind(session);
        session.start(handler, new HandshakeInfo(request.headers().get(HttpHeaderNames.AUTHORIZATION),
                ctx.channel().remoteAddress(), transport.name()));
        // "Protocol, Handshake": the handshake GET itself is answered with the open packet.
        transport.onPoll(ctx.channel(), HttpUtil.isKeepAlive(request));
    }

    private void poll(ChannelHandlerContext ctx, FullHttpRequest request, EngineIoSession session) {
        Channel channel = ctx.channel();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean get = HttpMethod.GET.equals(request.method());
        // The request is released when we return; a POST body is decoded here, on the I/O thread.
        String body = get ? null : request.content().toString(StandardCharsets.UTF_8);
        session.executor().execute(() -> {
            if (!(session.transport() instanceof PollingTransport polling) || !polling.isActive()) {
                // Upgraded away or closed: the reference server answers a transport mismatch with 400.
                metrics.protocolError("transport_mismatch");
                rejectOn(channel, EngineIoHandshakeError.BAD_REQUEST);
                return;
            }
            if (get) {
                polling.onPoll(channel, keepAlive);
            } else {
                polling.onData(channel, keepAlive, body);
            }
        });
    }

    private EngineIoSession register(EngineIoSession session) {
        sessions.put(session.id(), session);
        session.onClosed(() -> sessions.remove(session.id(), session));
        return session;
    }

    /** Open sessions (authenticated or not). */
    public int sessionCount() {
        return sessions.size();
    }

    /** Closes every session (close frame 1001 "going away"), e.g. on shutdown. */
    public void closeAll() {
        for (EngineIoSession session : sessions.values()) {
            session.close("server_shutdown");
        }
    }

    /** Opens a websocket session, or ({@code existing} not null) a probing websocket for a polling session. */
    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, EngineIoSession existing) {
        if (existing != null && !(existing.transport() instanceof PollingTransport)) {
            // Already on websocket: there is nothing to upgrade ("Protocol, Upgrade").
            reject(ctx, request, EngineIoHandshakeError.BAD_REQUEST);
            return;
        }
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
        EngineIoSession session = existing != null ? existing
                : register(new EngineIoSession(ids.next(), ctx.channel().eventLoop(), transport, settings, codec,
                        metrics));
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
        // The HTTP deadlines remove themselves when the 101 answer passes (fanout.http.HttpDeadlines):
        // from here on the Engine.IO heartbeat detects dead peers.
        pipeline.addBefore(ctx.name(), "ws-utf8", new Utf8FrameValidator());
        pipeline.addBefore(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(settings.maxPayloadBytes()));
        pipeline.replace(ctx.name(), "engineio-websocket", transport);
        if (existing == null) {
            session.start(handler, new HandshakeInfo(authorization, ctx.channel().remoteAddress(), transport.name()));
        }
        // For an upgrade the websocket stays a probe until the client sends "2probe" and then "5".
    }

    private void reject(ChannelHandlerContext ctx, FullHttpRequest request, EngineIoHandshakeError error) {
        metrics.connectError(error.tag());
        log.debug("engine.io handshake from {} refused: {}", ctx.channel().remoteAddress(), error);
        rejectOn(ctx.channel(), error);
    }

    private void rejectOn(Channel channel, EngineIoHandshakeError error) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(error.httpStatus()),
                Unpooled.copiedBuffer(error.json(), StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        // A refused handshake (especially a refused upgrade) leaves the connection in no useful state: close it.
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
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
