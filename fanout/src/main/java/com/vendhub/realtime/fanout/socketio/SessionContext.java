package com.vendhub.realtime.fanout.socketio;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.vendhub.realtime.fanout.auth.JwtVerifier;
import com.vendhub.realtime.fanout.engineio.SessionIds;
import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import com.vendhub.realtime.fanout.recovery.RecoveryLog;
import com.vendhub.realtime.fanout.rooms.RoomAccessPolicy;
import com.vendhub.realtime.fanout.rooms.RoomRegistry;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What every {@link SocketIoSession} shares; built once by {@link SocketIoServer}. {@code clock} is the
 * wall clock tokens' {@code exp} is compared with.
 */
record SessionContext(
        SocketIoCodec codec,
        JwtVerifier verifier,
        RoomAccessPolicy policy,
        RoomRegistry<SocketIoSession> registry,
        Executor workers,
        SocketIoSettings settings,
        FanoutMetrics metrics,
        SessionIds ids,
        JsonNodeFactory json,
        RecoveryLog recovery,
        Clock clock) {
}
