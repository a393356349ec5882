package com.vendhub.realtime.fanout.socketio;

import com.vendhub.realtime.schema.events.EventNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vendhub.realtime.fanout.auth.InvalidTokenException;
import com.vendhub.realtime.fanout.auth.Principal;
import com.vendhub.realtime.fanout.auth.VerifiedToken;
import com.vendhub.realtime.fanout.engineio.EngineIoListener;
import com.vendhub.realtime.fanout.engineio.EngineIoSession;
import com.vendhub.realtime.fanout.engineio.HandshakeInfo;
import com.vendhub.realtime.fanout.recovery.RestoredSession;
import com.vendhub.realtime.fanout.rooms.AccessDecision;
import com.vendhub.realtime.fanout.rooms.AccessDecision.RefusalReason;
import com.vendhub.realtime.fanout.rooms.RoomAccessPolicy;
import com.vendhub.realtime.fanout.rooms.RoomKey;
import com.vendhub.realtime.schema.rooms.Room;
import com.vendhub.realtime.schema.text.LogText;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's Socket.IO state on the main namespace: authentication at CONNECT, then
 * {@code subscribe}/{@code unsubscribe}. Packet handling runs on the session's event loop; room
 * decisions (which may hit the database) run in order on the worker pool.
 *
 * <p>A socket lives no longer than its token: one timer on the event loop, set at CONNECT, disconnects
 * it {@link SocketIoSettings#tokenExpiryGrace()} after the token's {@code exp} (REST refuses the same
 * token then), as socket.io's {@code socket.disconnect()} does: a DISCONNECT packet, so that
 * socket.io-client reports {@code "io server disconnect"} and does not reconnect by itself with the
 * expired token; it then closes the connection itself (else the connect timeout does). Nothing is kept
 * for recovery: socket.io does not recover a socket the server disconnected.
 */
public final class SocketIoSession implements EngineIoListener {

    /** Client events this server handles. */
    public static final String SUBSCRIBE = "subscribe";
    public static final String UNSUBSCRIBE = "unsubscribe";
    /** Server events ("Socket.IO fan-out" in the contract). */
    public static final String SUBSCRIBED = EventNames.SUBSCRIBED;
    public static final String UNSUBSCRIBED = EventNames.UNSUBSCRIBED;
    public static final String EXCEPTION = EventNames.EXCEPTION;
    /** The CONNECT_ERROR message socket.io-client surfaces as {@code connect_error}. */
    public static final String UNAUTHORIZED = "Unauthorized";

    private static final Logger log = LoggerFactory.getLogger(SocketIoSession.class);

    private enum State { AWAITING_CONNECT, CONNECTED, CLOSED }

    private final EngineIoSession engine;
    private final HandshakeInfo handshake;
    private final SessionContext ctx;
    private final SerialExecutor commands;
    private final Set<RoomKey> rooms = ConcurrentHashMap.newKeySet();
    private State state = State.AWAITING_CONNECT;
    /** Bumped on every connect, disconnect and close; a queued command for an older generation does nothing. */
    private volatile int generation;
    private volatile Principal principal;
    private volatile String socketId;
    /** The private session id for connection state recovery (socket.io's {@code pid}); never shown to others. */
    private String pid;
    /** The recovery log's position when this socket connected. */
    private long connectPosition;
    private ScheduledFuture<?> connectTimer;
    private ScheduledFuture<?> expiryTimer;

    SocketIoSession(EngineIoSession engine, HandshakeInfo handshake, SessionContext ctx) {
        this.engine = engine;
        this.handshake = handshake;
        this.ctx = ctx;
        this.commands = new SerialExecutor(ctx.workers(), ctx.settings().maxPendingCommandsPerSocket());
        startConnectTimer();
    }

    /** The Socket.IO socket id once connected (distinct from the Engine.IO sid, as in the reference server). */
    public Optional<String> socketId() {
        return Optional.ofNullable(socketId);
    }

    public Optional<Principal> principal() {
        return Optional.ofNullable(principal);
    }

    EventExecutor executor() {
        return engine.executor();
    }

    /** Hot path: queues an encoded event message for this socket (ownership passes); on the executor. */
    boolean deliver(ByteBuf encodedMessage) {
        if (state != State.CONNECTED) {
            encodedMessage.release();
            return false;
        }
        return engine.deliver(encodedMessage);
    }

    @Override
    public void onMessage(String data) {
        SocketIoPacket packet;
        try {
            packet = ctx.codec().decode(data);
        } catch (SocketIoProtocolException e) {
            ctx.metrics().protocolError(e.reason());
            log.info("socket.io session {} from {}: closing on {} ({})", engine.id(), handshake.remoteAddress(),
                    e.reason(), LogText.escape(e.getMessage()));
            if (SocketIoProtocolException.BINARY_UNSUPPORTED.equals(e.reason())) {
                // Tell the client why before closing, so socket.io-client reports a clear connect_error.
                send(new SocketIoPacket(SocketIoPacketType.CONNECT_ERROR, SocketIoPacket.MAIN_NAMESPACE, null,
                        message("Binary packets are not supported")));
            }
            engine.close("protocol_error");
            return;
        }
        switch (packet.type()) {
            case CONNECT -> onConnect(packet);
            case EVENT -> whenConnected(packet, this::onEvent);
            case ACK -> whenConnected(packet, p -> log.debug("socket.io {} ignoring ack {}", socketId, p.ackId()));
            case DISCONNECT -> whenConnected(packet, p -> onClientDisconnect());
            default -> invalidState(packet); // CONNECT_ERROR from a client, binary types
        }
    }

    @Override
    public void onClose(String reason) {
        if (state == State.CONNECTED) {
            ctx.metrics().connectedSockets().decrementAndGet();
            if (!"server_shutdown".equals(reason)) {
                // The connection dropped (not a DISCONNECT from the client): keep the state for recovery.
                ctx.recovery().save(pid, socketId, principal, Set.copyOf(rooms), connectPosition);
            }
        }
        state = State.CLOSED;
        cancelConnectTimer();
        cancelExpiryTimer();
        leaveAllRooms();
        log.debug("socket.io {} closed: {}", socketId, reason);
    }

    private void onConnect(SocketIoPacket packet) {
        if (!SocketIoPacket.MAIN_NAMESPACE.equals(packet.namespace())) {
            // Reference server: CONNECT_ERROR {"message":"Invalid namespace"} addressed to that namespace.
            ctx.metrics().connectError("invalid_namespace");
            send(new SocketIoPacket(SocketIoPacketType.CONNECT_ERROR, packet.namespace(), null,
                    message("Invalid namespace")));
            return;
        }
        if (state != State.AWAITING_CONNECT) {
            invalidState(packet);
            return;
        }
        Principal verified;
        Instant expiresAt;
        try {
            VerifiedToken token = ctx.verifier().verifyToken(token(packet.data()));
            verified = token.principal();
            expiresAt = token.expiresAt();
        } catch (InvalidTokenException e) {
            ctx.metrics().connectError(e.reason().tag());
            log.info("socket.io connect from {} refused: {}", handshake.remoteAddress(), e.reason().tag());
            send(new SocketIoPacket(SocketIoPacketType.CONNECT_ERROR, SocketIoPacket.MAIN_NAMESPACE, null,
                    message(UNAUTHORIZED)));
            return;
        }
        principal = verified;
        generation++;
        state = State.CONNECTED;
        cancelConnectTimer();
        startExpiryTimer(expiresAt);
        ctx.metrics().connected();
        ctx.metrics().connectedSockets().incrementAndGet();
        List<Room> revoked = new ArrayList<>();
        Optional<RestoredSession> restored = restore(packet.data(), verified, revoked);
        if (restored.isPresent()) {
            socketId = restored.get().socketId();
        } else {
            socketId = ctx.ids().next();
            pid = ctx.ids().next();
        }
        connectPosition = ctx.recovery().position();
        log.debug("socket.io {} connected: user {} org {} role {} recovered {}", socketId, LogText.escape(verified.userId()),
                verified.organizationId(), verified.role(), restored.isPresent());
        // socket.io 4.6+: CONNECT carries the private session id; the client sets socket.recovered
        // when it equals the one it presented.
        ObjectNode body = ctx.json().objectNode().put("sid", socketId).put("pid", pid);
        send(SocketIoPacket.of(SocketIoPacketType.CONNECT, body));
        if (restored.isPresent()) {
            for (ByteBuf missed : restored.get().missed()) {
                // In order and before any live broadcast: those are queued on this same executor later.
                engine.deliver(missed);
            }
            for (Room room : revoked) {
                // The new token may not see this room: say so as an unsubscribe would.
                emit(UNSUBSCRIBED, ctx.json().objectNode().put("room", room.name()));
            }
        }
    }

    /**
     * Connection state recovery: the client's CONNECT payload carries {@code pid} and {@code offset}
     * next to its auth when it had a session before. On success the socket gets its id back and
     * those of its rooms that the NEW token may still see ({@link RoomAccessPolicy#recheck}; docs/security.md,
     * "Dashboards: Socket.IO sessions": a token downgraded from admin or super_admin must not keep the old role's rooms); the others go
     * to {@code revoked}. The missed broadcasts of the kept rooms are returned for sending after the
     * CONNECT reply.
     */
    private Optional<RestoredSession> restore(JsonNode auth, Principal verified, List<Room> revoked) {
        if (auth == null || !auth.path("pid").isTextual()) {
            return Optional.empty();
        }
        String previous = auth.path("pid").textValue();
        String offset = auth.path("offset").isTextual() ? auth.path("offset").textValue() : null;
        Optional<RestoredSession> restored = ctx.recovery().restore(previous, offset, verified, saved -> {
            Set<RoomKey> kept = new HashSet<>();
            for (RoomKey key : saved) {
                Optional<RoomKey> now = ctx.policy().recheck(verified, key);
                if (now.isEmpty()) {
                    revoked.add(key.room());
                    ctx.metrics().roomRefused("revoked_on_recovery");
                } else if (kept.add(now.get())) {
                    rooms.add(now.get());
                    ctx.registry().join(now.get(), this);
                }
            }
            return kept;
        });
        if (restored.isPresent()) {
            pid = previous;
        }
        return restored;
    }

    /** {@code auth: {token}} first, then {@code Authorization: Bearer}, as the seed's WsJwtGuard does. */
    private String token(JsonNode auth) {
        if (auth != null && auth.path("token").isTextual() && !auth.path("token").textValue().isBlank()) {
            return auth.path("token").textValue();
        }
        String header = handshake.authorization();
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return null;
    }

    private void onClientDisconnect() {
        ctx.metrics().connectedSockets().decrementAndGet();
        generation++;
        state = State.AWAITING_CONNECT;
        cancelExpiryTimer();
        leaveAllRooms();
        principal = null;
        startConnectTimer();
    }

    /** One timer per connected socket, on its event loop: nothing is checked per message. */
    private void startExpiryTimer(Instant expiresAt) {
        cancelExpiryTimer();
        long delayMillis = Math.max(0, Duration.between(ctx.clock().instant(),
                expiresAt.plus(ctx.settings().tokenExpiryGrace())).toMillis());
        int gen = generation;
        expiryTimer = engine.executor().schedule(() -> onTokenExpired(gen), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void cancelExpiryTimer() {
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
            expiryTimer = null;
        }
    }

    private void onTokenExpired(int gen) {
        expiryTimer = null;
        if (state != State.CONNECTED || gen != generation) {
            return;
        }
        ctx.metrics().tokenExpired();
        log.debug("socket.io {} disconnected: token expired (user {})", socketId, LogText.escape(principal.userId()));
        send(new SocketIoPacket(SocketIoPacketType.DISCONNECT, SocketIoPacket.MAIN_NAMESPACE, null, null));
        // As socket.io's socket.disconnect(): the namespace ends, the connection stays so that the packet
        // reaches a polling client too (closing it would drop the queued packet, and the client would then
        // reconnect by itself with its expired token). socket.io-client closes its connection when its last
        // socket is gone; one that does not is closed by the connect timeout, as any session without one.
        onClientDisconnect();
    }

    private void onEvent(SocketIoPacket packet) {
        JsonNode name = packet.data().get(0);
        Long ackId = packet.ackId();
        String event = name.isTextual() ? name.textValue() : null;
        if (SUBSCRIBE.equals(event) || UNSUBSCRIBE.equals(event)) {
            boolean subscribe = SUBSCRIBE.equals(event);
            Optional<String> room = roomArgument(packet.data());
            if (room.isEmpty()) {
                refuse(RefusalReason.BAD_PAYLOAD, "Expected {room: string}", ackId);
                return;
            }
            Principal caller = principal;
            int gen = generation;
            boolean queued = commands.offer(() -> {
                if (subscribe) {
                    subscribe(caller, gen, room.get(), ackId);
                } else {
                    unsubscribe(caller, gen, room.get(), ackId);
                }
            });
            if (!queued) {
                ctx.metrics().workerRejected("subscribe");
                refuse(RefusalReason.BUSY, "Server busy, try again later", ackId);
            }
            return;
        }
        ctx.metrics().unknownClientEvent();
        log.debug("socket.io {} ignoring unknown event {}", socketId, LogText.escape(event == null ? name.toString() : event));
        if (ackId != null) {
            ack(ackId, ctx.json().objectNode().put("ok", false).put("error", "Unknown event"));
        }
    }

    /** The seed's client sends {@code {room}}; a bare string is accepted too. */
    private static Optional<String> roomArgument(JsonNode args) {
        JsonNode arg = args.get(1);
        if (arg == null) {
            return Optional.empty();
        }
        if (arg.isTextual()) {
            return Optional.of(arg.textValue());
        }
        JsonNode room = arg.get("room");
        return arg.isObject() && room != null && room.isTextual() ? Optional.of(room.textValue()) : Optional.empty();
    }

    /** On a worker thread, in order with this socket's other commands. */
    private void subscribe(Principal caller, int gen, String roomName, Long ackId) {
        if (gen != generation) {
            return;
        }
        AccessDecision decision = ctx.policy().decide(caller, roomName);
        if (decision instanceof AccessDecision.Refused refused) {
            log.debug("socket.io {} refused room ({}) for user {}", socketId, refused.reason().tag(),
                    LogText.escape(caller.userId()));
            refuse(refused.reason(), refused.message(), ackId);
            return;
        }
        RoomKey key = ((AccessDecision.Allowed) decision).key();
        if (!rooms.contains(key)) {
            if (rooms.size() >= ctx.settings().maxRoomsPerSocket()) {
                refuse(RefusalReason.ROOM_LIMIT, "Too many rooms (limit " + ctx.settings().maxRoomsPerSocket() + ")",
                        ackId);
                return;
            }
            rooms.add(key);
            ctx.registry().join(key, this);
            if (gen != generation) {
                // Disconnected meanwhile: its cleanup may have run before our join, so undo it here.
                ctx.registry().leave(key, this);
                rooms.remove(key);
                return;
            }
        }
        String name = key.room().name();
        emit(SUBSCRIBED, ctx.json().objectNode().put("room", name));
        if (ackId != null) {
            ack(ackId, ctx.json().objectNode().put("ok", true).put("room", name));
        }
    }

    /** On a worker thread; leaving needs no permission, only a well-formed name. */
    private void unsubscribe(Principal caller, int gen, String roomName, Long ackId) {
        if (gen != generation) {
            return;
        }
        Optional<Room> room = Room.parse(roomName);
        if (room.isEmpty()) {
            refuse(RefusalReason.MALFORMED_ROOM, RoomAccessPolicy.MALFORMED_MESSAGE, ackId);
            return;
        }
        RoomKey key = RoomAccessPolicy.keyFor(caller, room.get());
        rooms.remove(key);
        ctx.registry().leave(key, this);
        String name = room.get().name();
        emit(UNSUBSCRIBED, ctx.json().objectNode().put("room", name));
        if (ackId != null) {
            ack(ackId, ctx.json().objectNode().put("ok", true).put("room", name));
        }
    }

    private void refuse(RefusalReason reason, String message, Long ackId) {
        ctx.metrics().roomRefused(reason.tag());
        emit(EXCEPTION, ctx.json().objectNode().put("status", "error").put("message", message));
        if (ackId != null) {
            ack(ackId, ctx.json().objectNode().put("ok", false).put("error", message));
        }
    }

    private void emit(String event, JsonNode payload) {
        ArrayNode args = ctx.json().arrayNode().add(event).add(payload);
        send(SocketIoPacket.of(SocketIoPacketType.EVENT, args));
    }

    private void ack(long ackId, JsonNode payload) {
        send(new SocketIoPacket(SocketIoPacketType.ACK, SocketIoPacket.MAIN_NAMESPACE, ackId,
                ctx.json().arrayNode().add(payload)));
    }

    private void send(SocketIoPacket packet) {
        engine.sendMessage(ctx.codec().encode(packet));
    }

    private ObjectNode message(String text) {
        return ctx.json().objectNode().put("message", text);
    }

    private void whenConnected(SocketIoPacket packet, java.util.function.Consumer<SocketIoPacket> action) {
        if (state == State.CONNECTED && SocketIoPacket.MAIN_NAMESPACE.equals(packet.namespace())) {
            action.accept(packet);
        } else {
            invalidState(packet);
        }
    }

    /** Reference server (client.ts ondecoded): a packet for a namespace the client is not connected to closes it. */
    private void invalidState(SocketIoPacket packet) {
        ctx.metrics().protocolError("invalid_state");
        log.info("socket.io session {} from {}: {} packet in state {}; closing", engine.id(),
                handshake.remoteAddress(), packet.type(), state);
        engine.close("protocol_error");
    }

    private void leaveAllRooms() {
        generation++;
        for (RoomKey key : rooms) {
            ctx.registry().leave(key, this);
        }
        rooms.clear();
    }

    private void startConnectTimer() {
        cancelConnectTimer();
        connectTimer = engine.executor().schedule(() -> {
            if (state == State.AWAITING_CONNECT) {
                log.debug("engine.io {} connected no namespace within the connect timeout", engine.id());
                engine.close("connect_timeout");
            }
        }, ctx.settings().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelConnectTimer() {
        if (connectTimer != null) {
            connectTimer.cancel(false);
            connectTimer = null;
        }
    }

    @Override
    public String toString() {
        return "SocketIoSession[" + engine.id() + "]";
    }
}
