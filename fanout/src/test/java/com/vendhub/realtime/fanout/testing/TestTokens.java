package com.vendhub.realtime.fanout.testing;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import javax.crypto.SecretKey;

/** Mints access tokens shaped like the VendHub backend's ({@code sub}, {@code organizationId}, {@code role}). */
public final class TestTokens {

    /** A 32-byte secret, the shortest HS256 accepts. */
    public static final String SECRET = "test-secret-test-secret-test-sec";

    private final SecretKey key;

    public TestTokens(String secret) {
        this.key = Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
    }

    public TestTokens() {
        this(SECRET);
    }

    /** A token valid for an hour; {@code organizationId} may be null (then the claim is omitted). */
    public String token(String userId, UUID organizationId, String role) {
        return builder(userId, organizationId, role, Instant.now().plus(Duration.ofHours(1))).signWith(key).compact();
    }

    /** A token valid until {@code expiresAt}. */
    public String token(String userId, UUID organizationId, String role, Instant expiresAt) {
        return builder(userId, organizationId, role, expiresAt).signWith(key).compact();
    }

    /** A token that expired an hour ago (well past any clock skew). */
    public String expired(String userId, UUID organizationId, String role) {
        return builder(userId, organizationId, role, Instant.now().minus(Duration.ofHours(1))).signWith(key).compact();
    }

    /** An RS256 token signed with {@code privateKey}. */
    public static String rs256(PrivateKey privateKey, String userId, UUID organizationId, String role) {
        return builder(userId, organizationId, role, Instant.now().plus(Duration.ofHours(1)))
                .signWith(privateKey, Jwts.SIG.RS256).compact();
    }

    public static JwtBuilder builder(String userId, UUID organizationId, String role, Instant expiresAt) {
        JwtBuilder builder = Jwts.builder().subject(userId).issuedAt(new Date()).expiration(Date.from(expiresAt));
        if (organizationId != null) {
            builder.claim("organizationId", organizationId.toString());
        }
        if (role != null) {
            builder.claim("role", role);
        }
        return builder;
    }
}
