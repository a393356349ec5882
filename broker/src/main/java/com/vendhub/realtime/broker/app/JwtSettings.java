package com.vendhub.realtime.broker.app;

/**
 * The tokens a process accepts (docs/contract.md, "Socket.IO fan-out": authentication; docs/security.md).
 *
 * @param secret       HS256 secret shared with the VendHub backend ({@code JWT_ACCESS_SECRET}), at least 32
 *                     bytes; null: {@code vendhub serve} generates one in its data directory ({@link JwtSecrets})
 * @param publicKeyPem PEM of an RS256 public key accepted as well, or null
 */
public record JwtSettings(String secret, String publicKeyPem) {

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
