package com.vendhub.realtime.fanout.recovery;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the recovery log.
 *
 * @param window how long broadcasts and disconnected sessions are kept (socket.io's {@code maxDisconnectionDuration})
 * @param maxEvents broadcasts kept at most; the oldest go first
 * @param maxBytes encoded bytes of broadcasts kept at most; the oldest go first
 * @param maxSessions disconnected sessions kept at most; the oldest go first
 */
public record RecoverySettings(Duration window, int maxEvents, long maxBytes, int maxSessions) {

    public RecoverySettings {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero() || maxEvents < 1 || maxBytes < 1 || maxSessions < 1) {
            throw new IllegalArgumentException("recovery bounds must be positive");
        }
    }
}
