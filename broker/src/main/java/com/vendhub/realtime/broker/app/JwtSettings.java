package com.vendhub.realtime.broker.app;

import com.vendhub.realtime.fanout.auth.JwtVerifier;
import java.nio.charset.StandardCharsets;

/**
 * The tokens a process accepts (docs/contract.md, "Socket.IO fan-out": authentication; docs/security.md).
 *
 * @param secret       HS256 secret shared with the VendHub backend ({@code JWT_ACCESS_SECRET}), at least 32
 *                     bytes; null: {@code vendhub serve} generates one in its data directory ({@link JwtSecrets})
 * @param publicKeyPem PEM of an RS256 public key accepted as well, or null
 */
public record JwtSettings(String secret, String publicKeyPem) {

    /**
     * Checked here, with the other settings, so that a short secret is a usage error before anything starts
     * rather than a failure after the database and the spool are up (RFC 7518, 3.2).
     */
    public JwtSettings {
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < JwtVerifier.MIN_HMAC_SECRET_BYTES) {
            throw new IllegalArgumentException("--jwt-secret (JWT_ACCESS_SECRET) must be at least "
                    + JwtVerifier.MIN_HMAC_SECRET_BYTES + " bytes (RFC 7518, 3.2), got "
                    + secret.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    /** No secret given (serve generates one) and HS256 only. */
    public static JwtSettings none() {
        return new JwtSettings(null, null);
    }

    /** HS256 with this secret only. */
    public static JwtSettings secret(String secret) {
        return new JwtSettings(secret, null);
    }

    /** Without the secret, for logs. */
    @Override
    public String toString() {
        return "JwtSettings[secret=" + (secret == null ? null : "***") + ", rs256=" + (publicKeyPem != null) + "]";
    }
}
