package com.vendhub.realtime.broker.app;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Mints HS256 access tokens with the server's own secret, shaped like the VendHub backend's
 * ({@code sub}, {@code organizationId}, {@code role}); used by the demo and by tests.
 */
public final class DevelopmentTokens {

    private final byte[] secret;
    private final Clock clock;

    public DevelopmentTokens(String secret, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    public String mint(String userId, UUID organizationId, String role, Duration validFor) {
        Instant now = clock.instant();
        var builder = Jwts.builder()
                .subject(userId)
                .claim("role", role)
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(validFor)));
        if (organizationId != null) {
            builder.claim("organizationId", organizationId.toString());
        }
        return builder.signWith(Keys.hmacShaKeyFor(secret), Jwts.SIG.HS256).compact();
    }
}
