package com.vendhub.realtime.fanout.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A verified access token: who it names and when it expires (its {@code exp} claim, always present),
 * so that a long-lived Socket.IO session can end when its token does.
 */
public record VerifiedToken(Principal principal, Instant expiresAt) {

    public VerifiedToken {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
