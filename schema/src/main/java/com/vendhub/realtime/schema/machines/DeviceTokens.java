package com.vendhub.realtime.schema.machines;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Generates device tokens and checks them against stored hashes. */
public final class DeviceTokens {

    /** 256 bits of entropy, as the provisioning rules require. */
    public static final int TOKEN_BYTES = 32;

    private final SecureRandom random;

    public DeviceTokens(SecureRandom random) {
        this.random = random;
    }

    /** A new token: 32 random bytes, base64url without padding (43 characters, safe in an MQTT password). */
    public String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] hash(byte[] token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static byte[] hash(String token) {
        return hash(token.getBytes(StandardCharsets.UTF_8));
    }

    /** Constant-time comparison of a presented token with a stored hash. */
    public static boolean matches(byte[] presentedToken, byte[] storedHash) {
        return presentedToken != null && storedHash != null && MessageDigest.isEqual(hash(presentedToken), storedHash);
    }
}
