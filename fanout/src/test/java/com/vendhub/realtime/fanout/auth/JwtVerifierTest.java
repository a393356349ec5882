package com.vendhub.realtime.fanout.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vendhub.realtime.fanout.testing.TestTokens;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {

    private static final UUID ORG = UUID.fromString("6f1c0b1e-1234-4abc-9def-000000000001");

    private final TestTokens tokens = new TestTokens();
    private final JwtVerifier verifier = JwtVerifier.hs256(TestTokens.SECRET);

    private static InvalidTokenException.Reason reasonOf(Throwable t) {
        return ((InvalidTokenException) t).reason();
    }

    @Test
    void acceptsHs256AndMapsClaims() throws Exception {
        Principal p = verifier.verify(tokens.token("user-1", ORG, "manager"));
        assertThat(p).isEqualTo(new Principal("user-1", ORG, Role.MANAGER));
    }

    @Test
    void unknownOrMissingRoleIsAPlainUser() throws Exception {
        assertThat(verifier.verify(tokens.token("u", ORG, "warehouse_clerk")).role()).isEqualTo(Role.USER);
        assertThat(verifier.verify(tokens.token("u", ORG, null)).role()).isEqualTo(Role.USER);
        assertThat(verifier.verify(tokens.token("u", ORG, "SERVICE")).role()).isEqualTo(Role.SERVICE);
    }

    @Test
    void refusesExpiredTokens() {
        assertThatThrownBy(() -> verifier.verify(tokens.expired("u", ORG, "admin")))
                .isInstanceOf(InvalidTokenException.class)
                .extracting(JwtVerifierTest::reasonOf).isEqualTo(InvalidTokenException.Reason.EXPIRED);
    }

    @Test
    void honoursTheInjectedClock() throws Exception {
        String token = tokens.token("u", ORG, "admin");
        JwtVerifier later = new JwtVerifier(TestTokens.SECRET, null,
                Clock.fixed(Instant.now().plus(Duration.ofDays(1)), java.time.ZoneOffset.UTC), Duration.ZERO);
        assertThatThrownBy(() -> later.verify(token)).extracting(JwtVerifierTest::reasonOf)
                .isEqualTo(InvalidTokenException.Reason.EXPIRED);
        assertThat(verifier.verify(token).userId()).isEqualTo("u");
    }

    @Test
    void refusesAWrongKey() {
        String forged = new TestTokens("another-secret-another-secret-ab").token("u", ORG, "super_admin");
        assertThatThrownBy(() -> verifier.verify(forged)).extracting(JwtVerifierTest::reasonOf)
                .isEqualTo(InvalidTokenException.Reason.BAD_SIGNATURE);
    }

    @Test
    void refusesMissingOrBadOrganization() {
        assertThatThrownBy(() -> verifier.verify(tokens.token("u", null, "admin")))
                .extracting(JwtVerifierTest::reasonOf).isEqualTo(InvalidTokenException.Reason.MISSING_CLAIM);
        String notUuid = TestTokens.builder("u", null, "admin", Instant.now().plusSeconds(60))
                .claim("organizationId", "acme")
                .signWith(Keys.hmacShaKeyFor(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8))).compact();
        assertThatThrownBy(() -> verifier.verify(notUuid)).extracting(JwtVerifierTest::reasonOf)
                .isEqualTo(InvalidTokenException.Reason.BAD_CLAIM);
    }

    @Test
    void superAdminNeedsNoOrganization() throws Exception {
        Principal p = verifier.verify(tokens.token("root", null, "super_admin"));
        assertThat(p.isSuperAdmin()).isTrue();
        assertThat(p.organizationId()).isNull();
    }

    @Test
    void refusesMissingSubjectAndMissingExpiry() {
        String noSub = Jwts.builder().claim("organizationId", ORG.toString())
                .expiration(java.util.Date.from(Instant.now().plusSeconds(60)))
                .signWith(Keys.hmacShaKeyFor(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8))).compact();
        assertThatThrownBy(() -> verifier.verify(noSub)).extracting(JwtVerifierTest::reasonOf)
                .isEqualTo(InvalidTokenException.Reason.MISSING_CLAIM);
        String noExp = Jwts.builder().subject("u").claim("organizationId", ORG.toString())
                .signWith(Keys.hmacShaKeyFor(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8))).compact();
        assertThatThrownBy(() -> verifier.verify(noExp)).extracting(JwtVerifierTest::reasonOf)
                .isEqualTo(InvalidTokenException.Reason.MISSING_CLAIM);
    }

    @Test
    void refusesGarbageUnsignedAndHuge() {
        for (String garbage : new String[] {"", "   ", "abc", "a.b.c", "eyJhbGciOiJIUzI1NiJ9..", "x".repeat(10_000)}) {
            assertThatThrownBy(() -> verifier.verify(garbage)).as(garbage).isInstanceOf(InvalidTokenException.class);
        }
        assertThatThrownBy(() -> verifier.verify(null)).extracting(JwtVerifierTest::reasonOf)
                .isEqualTo(InvalidTokenException.Reason.MISSING);
        String unsigned = Jwts.builder().subject("u").claim("organizationId", ORG.toString())
                .expiration(java.util.Date.from(Instant.now().plusSeconds(60))).compact();
        assertThatThrownBy(() -> verifier.verify(unsigned)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void refusesOtherHmacAlgorithms() {
        String hs512 = TestTokens.builder("u", ORG, "admin", Instant.now().plusSeconds(60))
                .signWith(Keys.hmacShaKeyFor(("x".repeat(64)).getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS512)
                .compact();
        assertThatThrownBy(() -> verifier.verify(hs512)).extracting(JwtVerifierTest::reasonOf)
                .isEqualTo(InvalidTokenException.Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void acceptsRs256WithTheConfiguredPublicKeyOnly() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        KeyPair other = generator.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        JwtVerifier both = JwtVerifier.of(TestTokens.SECRET, Optional.of(JwtVerifier.parseRsaPublicKey(pem)));

        assertThat(both.verify(TestTokens.rs256(pair.getPrivate(), "svc", ORG, "service")))
                .isEqualTo(new Principal("svc", ORG, Role.SERVICE));
        assertThat(both.verify(tokens.token("u", ORG, "viewer")).role()).isEqualTo(Role.VIEWER);
        assertThatThrownBy(() -> both.verify(TestTokens.rs256(other.getPrivate(), "svc", ORG, "service")))
                .extracting(JwtVerifierTest::reasonOf).isEqualTo(InvalidTokenException.Reason.BAD_SIGNATURE);
        // Without a configured key, RS256 is not accepted at all.
        assertThatThrownBy(() -> verifier.verify(TestTokens.rs256(pair.getPrivate(), "svc", ORG, "service")))
                .extracting(JwtVerifierTest::reasonOf).isEqualTo(InvalidTokenException.Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void failsClearlyOnAShortSecret() {
        assertThatThrownBy(() -> JwtVerifier.hs256("too-short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> new JwtVerifier(null, null, Clock.systemUTC(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
