package com.vendhub.realtime.sim.outbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How a simulated machine waits for commit acknowledgements.
 *
 * @param enabled            keep readings until acked (off: fire and forget, as before)
 * @param ackTimeout         a reading not acknowledged this long after it was sent is sent again
 * @param capacityPerMachine readings one machine keeps; past it a new reading is refused and counted
 * @param maxResendPerRound  readings one machine sends again per retry round, oldest first, so a
 *                           long outage does not release its whole backlog in one burst
 */
public record OutboxSettings(boolean enabled, Duration ackTimeout, int capacityPerMachine, int maxResendPerRound) {

    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_CAPACITY_PER_MACHINE = 10_000;
    public static final int DEFAULT_MAX_RESEND_PER_ROUND = 100;

    public OutboxSettings {
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        if (ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new IllegalArgumentException("ackTimeout must be positive, got " + ackTimeout);
        }
        if (capacityPerMachine < 1 || maxResendPerRound < 1) {
            throw new IllegalArgumentException("outbox capacity and resend round must be at least 1");
        }
    }

    /** No outbox: readings are published once. */
    public static OutboxSettings disabled() {
        return new OutboxSettings(false, DEFAULT_ACK_TIMEOUT, DEFAULT_CAPACITY_PER_MACHINE, DEFAULT_MAX_RESEND_PER_ROUND);
    }

    /** An outbox with the default bounds and the given ack timeout. */
    public static OutboxSettings enabled(Duration ackTimeout) {
        return new OutboxSettings(true, ackTimeout, DEFAULT_CAPACITY_PER_MACHINE, DEFAULT_MAX_RESEND_PER_ROUND);
    }
}
