package com.vendhub.realtime.fanout.engineio;

import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO v4 session: sends the open packet, runs the heartbeat and hands {@code message}
 * packets to its {@link EngineIoListener}. All state lives on {@link Transport#executor()}.
 */
public final class EngineIoSession {

    private static final Logger log = LoggerFactory.getLogger(EngineIoSession.class);

    private final String id;
    private final Transport transport;
    private final EngineIoSettings settings;
    private final EngineIoCodec codec;
    private final FanoutMetrics metrics;
    private EngineIoListener listener;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> pongTimeout;
    private boolean open;
    private boolean closed;

    public EngineIoSession(String id, Transport transport, EngineIoSettings settings, EngineIoCodec codec,
            FanoutMetrics metrics) {
        this.id = Objects.requireNonNull(id, "id");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public String id() {
        return id;
    }

    public Transport transport() {
        return transport;
    }

    public EventExecutor executor() {
        return transport.executor();
    }

    /** Attaches the upper layer, sends the open packet and starts the heartbeat; on the executor. */
    void start(EngineIoConnectionHandler handler, HandshakeInfo handshake) {
        assert executor().inEventLoop();
        if (closed) {
            return;
        }
        metrics.engineSessions().incrementAndGet();
        open = true;
        listener = handler.onOpen(this, handshake);
        // "Protocol, Handshake": the first packet is OPEN with sid, upgrades, pingInterval, pingTimeout, maxPayload.
        transport.send(EngineIoCodec.encode(new EngineIoPacket(EngineIoPacketType.OPEN, settings.openPacketJson(id))));
        schedulePing();
    }

    /** Sends a {@code message} packet carrying {@code data}; callable from any thread. */
    public void sendMessage(String data) {
        transport.send(EngineIoCodec.encode(EngineIoPacket.message(data)));
    }

    /** Hands an already encoded {@code message} packet to the transport (ownership passes); on the executor. */
    public boolean deliver(ByteBuf encodedMessagePacket) {
        if (closed) {
            encodedMessagePacket.release();
            return false;
        }
        return transport.deliver(encodedMessagePacket);
    }

    /** Closes the session and its transport; callable from any thread. */
    public void close(String reason) {
        transport.close(reason);
    }

    /** One text packet from the transport; on the executor. */
    void onText(String text) {
        if (closed) {
            return;
        }
        EngineIoPacket packet;
        try {
            packet = codec.decode(text);
        } catch (EngineIoProtocolException e) {
            protocolError(e.reason(), e.getMessage());
            return;
        }
        switch (packet.type()) {
            case PONG -> onPong();
            case PING -> {
                if ("probe".equals(packet.data())) {
                    // "Protocol, Upgrade": the probe exchange; harmless on a session already on websocket.
                    transport.send(EngineIoCodec.encode(new EngineIoPacket(EngineIoPacketType.PONG, "probe")));
                } else {
                    // v4 heartbeats go server -> client only; the reference server closes on a client ping.
                    protocolError("invalid_heartbeat_direction", "client sent a ping");
                }
            }
            case MESSAGE -> dispatch(packet.data());
            case CLOSE -> transport.close("client_close");
            case UPGRADE, NOOP -> log.debug("engine.io {} ignoring {} packet", id, packet.type());
            case OPEN -> protocolError("unexpected_open", "client sent an open packet");
        }
    }

    /** A transport-level protocol violation (bad frame, binary data, oversized message). */
    void protocolError(String reason, String detail) {
        metrics.protocolError(reason);
        log.info("engine.io {} closing on protocol error {} from {}: {}", id, reason, transport.remoteAddress(), detail);
        transport.close("protocol_error");
    }

    /** The transport is gone; on the executor. Idempotent. */
    void onTransportClosed(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        cancelTimers();
        if (open) {
            metrics.engineSessions().decrementAndGet();
        }
        metrics.disconnected(reason);
        log.debug("engine.io {} closed: {}", id, reason);
        try {
            if (listener != null) {
                listener.onClose(reason);
            }
        } catch (RuntimeException e) {
            log.error("engine.io {} listener failed on close", id, e);
        }
    }

    private void dispatch(String data) {
        try {
            listener.onMessage(data);
        } catch (RuntimeException e) {
            // One client's bad luck never escapes into Netty or affects another session.
            metrics.protocolError("internal_error");
            log.error("engine.io {} message handler failed; closing the session", id, e);
            transport.close("internal_error");
        }
    }

    /** "Protocol, Heartbeat": the server pings every pingInterval and expects a pong within pingTimeout. */
    private void schedulePing() {
        pingTimer = executor().schedule(this::ping, settings.pingInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void ping() {
        if (closed) {
            return;
        }
        transport.send(EngineIoCodec.encode(EngineIoPacket.of(EngineIoPacketType.PING)));
        pongTimeout = executor().schedule(() -> {
            if (!closed) {
                log.debug("engine.io {} ping timeout", id);
                transport.close("ping_timeout");
            }
        }, settings.pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onPong() {
        if (pongTimeout == null) {
            return; // an unsolicited pong is harmless
        }
        pongTimeout.cancel(false);
        pongTimeout = null;
        if (pingTimer == null || pingTimer.isDone()) {
            schedulePing();
        }
    }

    private void cancelTimers() {
        if (pingTimer != null) {
            pingTimer.cancel(false);
        }
        if (pongTimeout != null) {
            pongTimeout.cancel(false);
        }
    }
}
