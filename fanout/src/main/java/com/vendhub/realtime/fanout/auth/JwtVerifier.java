package com.vendhub.realtime.fanout.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.SecurityException;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Verifies access tokens: HS256 signed with {@code JWT_ACCESS_SECRET} (as the seed's NestJS
 * {@code JwtService} issues them) and, when a public key is configured, RS256. Thread-safe.
 *
 * <p>Bounds: tokens longer than {@link #MAX_TOKEN_LENGTH} characters are refused unparsed; an
 * {@code exp} claim is required; clock skew tolerance is a constructor setting.
 */
public final class JwtVerifier {

    /** Shortest HS256 secret jjwt (and RFC 7518 section 3.2) accepts: 256 bits. */
    public static final int MIN_HMAC_SECRET_BYTES = 32;
    /** Longest token we parse; real access tokens are well under 2 KiB. */
    public static final int MAX_TOKEN_LENGTH = 8192;
    /** Default tolerance between our clock and the issuer's for {@code exp}/{@code nbf}. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

    private final SecretKey hmacKey;
    private final PublicKey rsaKey;
    private final JwtParser parser;

    /**
     * @param hmacSecret the HS256 secret (UTF-8 bytes are the key, as in Node's jsonwebtoken); may be
     *     null only when {@code rsaPublicKey} is given; must be at least {@value #MIN_HMAC_SECRET_BYTES} bytes
     * @param rsaPublicKey verifies RS256 tokens; null disables RS256
     */
    public JwtVerifier(String hmacSecret, PublicKey rsaPublicKey, Clock clock, Duration allowedClockSkew) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(allowedClockSkew, "allowedClockSkew");
        if (hmacSecret == null && rsaPublicKey == null) {
            throw new IllegalArgumentException("JwtVerifier needs JWT_ACCESS_SECRET or an RS256 public key");
        }
        if (hmacSecret != null) {
            byte[] secret = hmacSecret.getBytes(StandardCharsets.UTF_8);
            if (secret.length < MIN_HMAC_SECRET_BYTES) {
                throw new IllegalArgumentException("JWT_ACCESS_SECRET must be at least " + MIN_HMAC_SECRET_BYTES
                        + " bytes for HS256 (RFC 7518 section 3.2); the configured one has " + secret.length);
            }
            this.hmacKey = Keys.hmacShaKeyFor(secret);
        } else {
            this.hmacKey = null;
        }
        if (rsaPublicKey != null && !(rsaPublicKey instanceof RSAPublicKey)) {
            throw new IllegalArgumentException("the RS256 key must be an RSA public key");
        }
        this.rsaKey = rsaPublicKey;
        this.parser = Jwts.parser()
                .keyLocator(new AlgorithmKeyLocator())
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(allowedClockSkew.toSeconds())
                .build();
    }

    /** HS256 only, system clock, {@link #DEFAULT_CLOCK_SKEW}. */
    public static JwtVerifier hs256(String secret) {
        return new JwtVerifier(Objects.requireNonNull(secret, "secret"), null, Clock.systemUTC(), DEFAULT_CLOCK_SKEW);
    }

    /** HS256 and, when present, RS256; system clock, {@link #DEFAULT_CLOCK_SKEW}. */
    public static JwtVerifier of(String hmacSecret, Optional<PublicKey> rsaPublicKey) {
        return new JwtVerifier(hmacSecret, rsaPublicKey.orElse(null), Clock.systemUTC(), DEFAULT_CLOCK_SKEW);
    }

    /** Reads an X.509 {@code -----BEGIN PUBLIC KEY-----} PEM (or bare base64 DER) RSA public key. */
    public static PublicKey parseRsaPublicKey(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA public key in X.509 PEM form", e);
        }
    }

    /** Verifies signature, algorithm, expiry and claims; never logs or echoes the token. */
    public Principal verify(String token) throws InvalidTokenException {
        return verifyToken(token).principal();
    }

    /** As {@link #verify}, also returning when the token expires. */
    public VerifiedToken verifyToken(String token) throws InvalidTokenException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MISSING, "no token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "token too long");
        }
        Claims claims;
        try {
            claims = parser.parseSignedClaims(token.trim()).getPayload();
        } catch (ExpiredJwtException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.EXPIRED, "token expired");
        } catch (SecurityException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.BAD_SIGNATURE, "signature not valid");
        } catch (UnsupportedJwtException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.UNSUPPORTED_ALGORITHM,
                    "token type or algorithm not accepted");
        } catch (MalformedJwtException | IllegalArgumentException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "token malformed");
        } catch (JwtException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.BAD_CLAIM, "token not valid");
        }
        return new VerifiedToken(toPrincipal(claims), claims.getExpiration().toInstant());
    }

    private static Principal toPrincipal(Claims claims) throws InvalidTokenException {
        if (claims.getExpiration() == null) {
            // An access token without exp would be valid forever; the seed's tokens always carry one.
            throw new InvalidTokenException(InvalidTokenException.Reason.MISSING_CLAIM, "exp claim missing");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MISSING_CLAIM, "sub claim missing");
        }
        Role role = Role.fromClaim(stringClaim(claims, "role"));
        String org = stringClaim(claims, "organizationId");
        UUID organizationId = canonicalUuid(org);
        if (organizationId == null && role != Role.SUPER_ADMIN) {
            throw new InvalidTokenException(org == null ? InvalidTokenException.Reason.MISSING_CLAIM
                    : InvalidTokenException.Reason.BAD_CLAIM, "organizationId claim missing or not a UUID");
        }
        return new Principal(subject, organizationId, role);
    }

    private static String stringClaim(Claims claims, String name) throws InvalidTokenException {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new InvalidTokenException(InvalidTokenException.Reason.BAD_CLAIM, name + " claim is not a string");
        }
        return s;
    }

    private static UUID canonicalUuid(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        try {
            UUID id = UUID.fromString(text);
            return id.toString().equalsIgnoreCase(text) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Picks the key from the header's alg, so an HS256 token can never be checked against the RSA key or vice versa. */
    private final class AlgorithmKeyLocator extends LocatorAdapter<Key> {
        @Override
        protected Key locate(JwsHeader header) {
            String alg = header.getAlgorithm();
            if ("HS256".equals(alg) && hmacKey != null) {
                return hmacKey;
            }
            if ("RS256".equals(alg) && rsaKey != null) {
                return rsaKey;
            }
            throw new UnsupportedJwtException("algorithm not accepted");
        }
    }
}
