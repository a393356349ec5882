package com.vendhub.realtime.fanout.socketio;

import java.time.Duration;
import java.util.Objects;

/**
 * Socket.IO bounds.
 *
 * @param connectTimeout how long an Engine.IO session may stay without a connected namespace
 *     (the reference server's {@code connectTimeout}, 45 s)
 * @param maxRoomsPerSocket rooms one socket may be in; a subscribe past it is refused
 * @param maxPendingCommandsPerSocket subscribe/unsubscribe requests of one socket waiting for a worker
 * @param tokenExpiryGrace a connected socket is disconnected this long after its token's {@code exp}
 */
public record SocketIoSettings(Duration connectTimeout, int maxRoomsPerSocket, int maxPendingCommandsPerSocket,
        Duration tokenExpiryGrace) {

    public SocketIoSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(tokenExpiryGrace, "tokenExpiryGrace");
        if (tokenExpiryGrace.isNegative()) {
            throw new IllegalArgumentException("tokenExpiryGrace must not be negative");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || maxRoomsPerSocket < 1
                || maxPendingCommandsPerSocket < 1) {
            throw new IllegalArgumentException("Socket.IO bounds must be positive");
        }
    }
}
