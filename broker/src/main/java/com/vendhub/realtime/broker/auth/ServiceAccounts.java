package com.vendhub.realtime.broker.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The platform's own MQTT clients (ingest and fan-out workers, backend publishers, {@code vendhub-sim
 * record}): username {@code svc:<name>}, a client id that starts with that username (so several
 * workers of one service can connect at once), and the shared service secret as password. Without a
 * configured secret no service client can log in.
 */
public final class ServiceAccounts {

    /** Usernames of service clients start with this; a machine id (a UUID) never does. */
    public static final String PREFIX = "svc:";
    /** Shortest service secret accepted: it guards every machine's data. */
    public static final int MIN_SECRET_LENGTH = 16;
    /** Longest service name, so that names stay readable in logs and metrics. */
    static final int MAX_NAME_LENGTH = 64;

    private final byte[] secretHash;

    private ServiceAccounts(byte[] secretHash) {
        this.secretHash = secretHash;
    }

    /** Service accounts accepting {@code secret}; none at all when it is null or empty. */
    public static ServiceAccounts withSecret(String secret) {
        if (secret == null || secret.isEmpty()) {
            return new ServiceAccounts(null);
        }
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the MQTT service secret must have at least " + MIN_SECRET_LENGTH
                    + " characters");
        }
        return new ServiceAccounts(sha256(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** True when {@code username} claims to be a service (whether or not it may log in). */
    public static boolean isService(String username) {
        return username != null && username.startsWith(PREFIX);
    }

    public boolean enabled() {
        return secretHash != null;
    }

    /**
     * Checks a service CONNECT; empty when accepted, otherwise the reason of the refusal (a metric tag).
     * The secret is compared as a hash in constant time.
     */
    public Optional<String> refusal(String clientId, String username, byte[] password) {
        if (secretHash == null) {
            return Optional.of("service_disabled");
        }
        String name = username.substring(PREFIX.length());
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !name.matches("[A-Za-z0-9._-]+")) {
            return Optional.of("bad_service_name");
        }
        if (clientId == null || !clientId.startsWith(username)) {
            return Optional.of("client_id_mismatch");
        }
        if (password == null || !MessageDigest.isEqual(sha256(password), secretHash)) {
            return Optional.of("bad_service_secret");
        }
        return Optional.empty();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
