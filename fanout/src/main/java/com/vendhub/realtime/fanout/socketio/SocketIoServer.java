package com.vendhub.realtime.fanout.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.vendhub.realtime.fanout.auth.JwtVerifier;
import com.vendhub.realtime.fanout.engineio.EngineIoConnectionHandler;
import com.vendhub.realtime.fanout.engineio.EngineIoListener;
import com.vendhub.realtime.fanout.engineio.EngineIoSession;
import com.vendhub.realtime.fanout.engineio.HandshakeInfo;
import com.vendhub.realtime.fanout.engineio.SessionIds;
import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import com.vendhub.realtime.fanout.recovery.RecoveryLog;
import com.vendhub.realtime.fanout.rooms.RoomAccessPolicy;
import com.vendhub.realtime.fanout.rooms.RoomRegistry;
import java.time.Clock;
import java.util.concurrent.Executor;

/** The Socket.IO layer: creates a {@link SocketIoSession} for every Engine.IO session. */
public final class SocketIoServer implements EngineIoConnectionHandler {

    private final SessionContext context;

    /**
     * @param maxPacketChars longest Socket.IO packet accepted (the Engine.IO {@code maxPayload})
     * @param workers runs room decisions, which may block on the machine registry's {@code MachineOwnership}
     * @param recovery where dropped sockets leave their state and broadcasts their offsets
     */
    public SocketIoServer(ObjectMapper mapper, int maxPacketChars, JwtVerifier verifier, RoomAccessPolicy policy,
            RoomRegistry<SocketIoSession> registry, Executor workers, SocketIoSettings settings,
            FanoutMetrics metrics, RecoveryLog recovery) {
        this.context = new SessionContext(new SocketIoCodec(mapper, maxPacketChars), verifier, policy, registry,
                workers, settings, metrics, new SessionIds(), JsonNodeFactory.instance, recovery, Clock.systemUTC());
    }

    public SocketIoCodec codec() {
        return context.codec();
    }

    @Override
    public EngineIoListener onOpen(EngineIoSession session, HandshakeInfo handshake) {
        return new SocketIoSession(session, handshake, context);
    }
}
