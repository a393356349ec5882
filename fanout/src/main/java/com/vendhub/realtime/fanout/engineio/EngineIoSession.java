package com.vendhub.realtime.fanout.engineio;

import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import com.vendhub.realtime.schema.text.LogText;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO v4 session: sends the open packet, runs the heartbeat and hands {@code message}
 * packets to its {@link EngineIoListener}. All state lives on {@link #executor()}, across a transport upgrade.
 */
public final class EngineIoSession {

    private static final Logger log = LoggerFactory.getLogger(EngineIoSession.class);
    /** How often a poll that parks during an upgrade is released (the reference server's check interval). */
    private static final long PROBE_POLL_RELEASE_MILLIS = 100;

    private final String id;
    private final EventExecutor executor;
    private volatile Transport transport;
    /** A websocket that has answered the probe and waits for the client's {@code upgrade} packet. */
    private Transport upgrading;
    private ScheduledFuture<?> upgradeTimer;
    /** While a probe is answered: releases any poll that parks before the client sends {@code 5}. */
    private ScheduledFuture<?> pollRelease;
    private final EngineIoSettings settings;
    private final EngineIoCodec codec;
    private final FanoutMetrics metrics;
    private EngineIoListener listener;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> pongTimeout;
    private boolean open;
    private boolean closed;
    private Runnable onClosed = () -> { };

    /**
     * @param executor the single thread that owns this session's state for its whole life, across a
     *     transport upgrade (the event loop of the connection that opened it)
     */
    public EngineIoSession(String id, EventExecutor executor, Transport transport, EngineIoSettings settings,
            EngineIoCodec codec, FanoutMetrics metrics) {
        this.id = Objects.requireNonNull(id, "id");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public String id() {
        return id;
    }

    /** The current transport; on the executor. */
    public Transport transport() {
        return transport;
    }

    public EventExecutor executor() {
        return executor;
    }

    boolean isClosed() {
        return closed;
    }

    /** Runs {@code action} once the session is closed (e.g. to forget its sid). */
    void onClosed(Runnable action) {
        this.onClosed = action;
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
        transport.send(EngineIoCodec.encode(new EngineIoPacket(EngineIoPacketType.OPEN,
                settings.openPacketJson(id, "polling".equals(transport.name())))));
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
        if (!executor.inEventLoop()) {
            executor.execute(() -> close(reason));
            return;
        }
        if (upgrading != null) {
            upgrading.close(reason);
        }
        transport.close(reason);
    }

    /** One text packet from {@code from}; on the executor. */
    void onText(Transport from, String text) {
        if (closed) {
            return;
        }
        if (from != transport) {
            onProbeText(from, text);
            return;
        }
        EngineIoPacket packet;
        try {
            packet = codec.decode(text);
        } catch (EngineIoProtocolException e) {
            protocolError(transport, e.reason(), e.getMessage());
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
                    protocolError(transport, "invalid_heartbeat_direction", "client sent a ping");
                }
            }
            case MESSAGE -> dispatch(packet.data());
            case CLOSE -> transport.close("client_close");
            case UPGRADE, NOOP -> log.debug("engine.io {} ignoring {} packet", id, packet.type());
            case OPEN -> protocolError(transport, "unexpected_open", "client sent an open packet");
        }
    }

    /**
     * "Protocol, Upgrade": on the websocket that carries our {@code sid}, the client sends
     * {@code 2probe}, we answer {@code 3probe}; the client then pauses polling and sends {@code 5}
     * (upgrade), after which the websocket is the session's only transport. Anything else on a
     * probing websocket closes that websocket, never the session.
     */
    private void onProbeText(Transport from, String text) {
        if (upgrading == null) {
            upgrading = from;
            upgradeTimer = executor.schedule(() -> {
                if (upgrading == from) {
                    metrics.protocolError("upgrade_timeout");
                    upgrading = null;
                    from.close("upgrade_timeout");
                }
            }, settings.upgradeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } else if (upgrading != from) {
            metrics.protocolError("upgrade_overlap");
            from.close("protocol_error");
            return;
        }
        if ("2probe".equals(text)) {
            from.send(EngineIoCodec.encode(new EngineIoPacket(EngineIoPacketType.PONG, "probe")));
            // The client waits for its pending poll before it can pause polling: release it now, and
            // again every 100 ms until it upgrades, because a GET can arrive and park just after the
            // probe (the reference server's Socket#maybeUpgrade re-checks the same way).
            transport.releasePendingPoll();
            if (pollRelease == null) {
                pollRelease = executor.scheduleAtFixedRate(() -> {
                    if (upgrading == from) {
                        transport.releasePendingPoll();
                    } else if (pollRelease != null) {
                        // The upgrade ended (done, timed out, or the session closed): stop checking.
                        pollRelease.cancel(false);
                        pollRelease = null;
                    }
                }, PROBE_POLL_RELEASE_MILLIS, PROBE_POLL_RELEASE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } else if ("5".equals(text)) {
            cancelUpgradeTimer();
            upgrading = null;
            Transport old = transport;
            transport = from;
            metrics.upgraded();
            log.debug("engine.io {} upgraded from {} to {}", id, old.name(), from.name());
            old.discard(from);
        } else {
            metrics.protocolError("bad_probe");
            log.info("engine.io {} closing probing {} on unexpected packet", id, from.name());
            upgrading = null;
            cancelUpgradeTimer();
            from.close("protocol_error");
        }
    }

    private void cancelUpgradeTimer() {
        if (upgradeTimer != null) {
            upgradeTimer.cancel(false);
            upgradeTimer = null;
        }
        if (pollRelease != null) {
            pollRelease.cancel(false);
            pollRelease = null;
        }
    }

    /** A transport-level protocol violation (bad frame, binary data, oversized message) on {@code from}. */
    void protocolError(Transport from, String reason, String detail) {
        metrics.protocolError(reason);
        log.info("engine.io {} closing on protocol error {} from {}: {}", id, reason, from.remoteAddress(),
                LogText.escape(detail));
        from.close("protocol_error");
    }

    /** {@code from} is gone; on the executor. Idempotent; a failed probe never closes the session. */
    void onTransportClosed(Transport from, String reason) {
        if (from == upgrading) {
            upgrading = null;
            cancelUpgradeTimer();
            return;
        }
        if (closed || from != transport) {
            return;
        }
        closed = true;
        cancelTimers();
        cancelUpgradeTimer();
        if (upgrading != null) {
            upgrading.close(reason);
            upgrading = null;
        }
        if (open) {
            metrics.engineSessions().decrementAndGet();
        }
        metrics.disconnected(reason);
        log.debug("engine.io {} closed: {}", id, reason);
        onClosed.run();
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
        pingTimer = executor.schedule(this::ping, settings.pingInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void ping() {
        if (closed) {
            return;
        }
        transport.send(EngineIoCodec.encode(EngineIoPacket.of(EngineIoPacketType.PING)));
        pongTimeout = executor.schedule(() -> {
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
