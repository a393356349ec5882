package com.vendhub.realtime.fanout.engineio;

import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Engine.IO {@code polling} transport ("Protocol, HTTP long-polling"): packets wait in a
 * bounded queue until the client's next GET, which parks until there is something to send (a ping
 * arrives at the latest after pingInterval); a GET answers every queued packet at once, separated
 * by {@code \x1e} ("Packet encoding, HTTP long-polling"). POST bodies carry client packets the same
 * way. All state lives on the session's executor.
 */
final class PollingTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(PollingTransport.class);

    /** "Packet encoding": the record separator between packets of one HTTP payload. */
    static final byte SEPARATOR = 0x1e;
    private static final String TEXT_PLAIN = "text/plain; charset=UTF-8";

    private final EventExecutor executor;
    private final SocketAddress remoteAddress;
    private final EngineIoSettings settings;
    private final FanoutMetrics metrics;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private final Runnable flushTask = this::flush;
    private EngineIoSession session;
    private Channel poll;
    private boolean pollKeepAlive;
    private Channel watchedChannel;
    private boolean flushScheduled;
    private boolean closed;
    private boolean discarded;

    /** CORS headers are added by the HTTP pipeline (fanout.http.CorsHandler) to every answer. */
    PollingTransport(EventExecutor executor, SocketAddress remoteAddress, EngineIoSettings settings,
            FanoutMetrics metrics) {
        this.executor = executor;
        this.remoteAddress = remoteAddress;
        this.settings = settings;
        this.metrics = metrics;
    }

    void bind(EngineIoSession session) {
        this.session = session;
    }

    @Override
    public String name() {
        return "polling";
    }

    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** Whether this transport still serves GET and POST (not closed, not upgraded away). */
    boolean isActive() {
        return !closed && !discarded;
    }

    @Override
    public void send(String encodedPacket) {
        ByteBuf bytes = Unpooled.copiedBuffer(encodedPacket, StandardCharsets.UTF_8);
        if (executor.inEventLoop()) {
            deliver(bytes);
        } else {
            executor.execute(() -> deliver(bytes));
        }
    }

    @Override
    public boolean deliver(ByteBuf encodedPacket) {
        if (closed || discarded) {
            encodedPacket.release();
            return false;
        }
        if (queue.size() >= settings.pollingMaxPendingPackets()) {
            encodedPacket.release();
            metrics.slowClientDisconnected("polling_queue_full");
            log.info("polling client {} disconnected as a slow client: {} packets waiting for a GET", remoteAddress,
                    queue.size());
            close("slow_client");
            return false;
        }
        queue.add(encodedPacket);
        scheduleFlush();
        return true;
    }

    /** A GET with our sid; on the executor. */
    void onPoll(Channel channel, boolean keepAlive) {
        if (!isActive()) {
            answer(channel, keepAlive, HttpResponseStatus.BAD_REQUEST, EngineIoHandshakeError.BAD_REQUEST.json(),
                    HttpHeaderValues.APPLICATION_JSON.toString());
            return;
        }
        if (poll != null) {
            // Reference server: a second GET while one is pending is an error that closes the session.
            metrics.protocolError("poll_overlap");
            log.info("polling client {} sent overlapping GETs; closing", remoteAddress);
            answer(channel, false, HttpResponseStatus.BAD_REQUEST, EngineIoHandshakeError.BAD_REQUEST.json(),
                    HttpHeaderValues.APPLICATION_JSON.toString());
            close("protocol_error");
            return;
        }
        poll = channel;
        pollKeepAlive = keepAlive;
        // No further request is read from this connection until the poll is answered (no pipelining).
        channel.config().setAutoRead(false);
        if (watchedChannel != channel) {
            // Once per connection, not per poll: a keep-alive connection serves many polls.
            watchedChannel = channel;
            channel.closeFuture().addListener(f -> executor.execute(() -> {
                if (poll == channel) {
                    poll = null; // the client went away mid-poll; the heartbeat decides about the session
                }
            }));
        }
        if (!queue.isEmpty()) {
            scheduleFlush();
        }
    }

    /** A POST with our sid; on the executor. {@code body} holds one or more {@code \x1e}-separated packets. */
    void onData(Channel channel, boolean keepAlive, String body) {
        if (!isActive()) {
            answer(channel, keepAlive, HttpResponseStatus.BAD_REQUEST, EngineIoHandshakeError.BAD_REQUEST.json(),
                    HttpHeaderValues.APPLICATION_JSON.toString());
            return;
        }
        // Reference server: the POST is answered "ok" (text/html) whatever its packets do.
        answer(channel, keepAlive, HttpResponseStatus.OK, "ok", "text/html");
        forEachPacket(body, text -> {
            session.onText(this, text);
            return !closed;
        });
    }

    /**
     * Hands each {@code \x1e}-separated packet of {@code body} to {@code sink}, in order, until it
     * returns false; an empty body or an empty piece is a packet too (an empty one, which the codec
     * refuses). One pass, no list of all pieces: a hostile body of separators costs nothing past the
     * first bad packet.
     */
    static void forEachPacket(String body, Predicate<String> sink) {
        int start = 0;
        while (start <= body.length()) {
            int end = body.indexOf(SEPARATOR, start);
            if (end < 0) {
                end = body.length();
            }
            if (!sink.test(body.substring(start, end))) {
                return;
            }
            start = end + 1;
        }
    }

    @Override
    public void releasePendingPoll() {
        if (poll != null && queue.isEmpty()) {
            queue.add(Unpooled.copiedBuffer(EngineIoCodec.encode(EngineIoPacket.of(EngineIoPacketType.NOOP)),
                    StandardCharsets.UTF_8));
            flush();
        }
    }

    @Override
    public void discard(Transport successor) {
        discarded = true;
        // The client pauses polling before it sends "upgrade"; anything still queued goes on the websocket.
        while (!queue.isEmpty()) {
            successor.deliver(queue.poll());
        }
        if (poll != null) {
            queue.add(Unpooled.copiedBuffer(EngineIoCodec.encode(EngineIoPacket.of(EngineIoPacketType.NOOP)),
                    StandardCharsets.UTF_8));
            flush();
        }
    }

    @Override
    public void close(String reason) {
        if (!executor.inEventLoop()) {
            executor.execute(() -> close(reason));
            return;
        }
        if (closed) {
            return;
        }
        closed = true;
        if (poll != null && !discarded) {
            // "Protocol, Disconnection": tell a parked poll that the session is over.
            clearQueue();
            queue.add(Unpooled.copiedBuffer(EngineIoCodec.encode(EngineIoPacket.of(EngineIoPacketType.CLOSE)),
                    StandardCharsets.UTF_8));
            flush();
        }
        clearQueue();
        if (session != null) {
            session.onTransportClosed(this, reason);
        }
    }

    private void scheduleFlush() {
        if (poll != null && !flushScheduled) {
            // Everything queued in this loop turn goes out in one response.
            flushScheduled = true;
            executor.execute(flushTask);
        }
    }

    private void flush() {
        flushScheduled = false;
        if (poll == null || queue.isEmpty()) {
            return;
        }
        CompositeByteBuf payload = Unpooled.compositeBuffer(queue.size() * 2);
        boolean first = true;
        while (!queue.isEmpty()) {
            if (!first) {
                payload.addComponent(true, Unpooled.wrappedBuffer(new byte[] {SEPARATOR}));
            }
            payload.addComponent(true, queue.poll());
            first = false;
        }
        Channel channel = poll;
        poll = null;
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, payload);
        respond(channel, pollKeepAlive, response, TEXT_PLAIN);
    }

    private void answer(Channel channel, boolean keepAlive, HttpResponseStatus status, String body,
            String contentType) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        respond(channel, keepAlive, response, contentType);
    }

    private void respond(Channel channel, boolean keepAlive, FullHttpResponse response, String contentType) {
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        headers.set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        channel.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
            if (keepAlive && f.isSuccess()) {
                f.channel().config().setAutoRead(true);
            } else {
                f.channel().close();
            }
        });
    }

    private void clearQueue() {
        while (!queue.isEmpty()) {
            queue.poll().release();
        }
    }
}
