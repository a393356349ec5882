package com.vendhub.realtime.broker.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HS256 secret: {@code JWT_ACCESS_SECRET} when given (shared with the VendHub backend that issues
 * the tokens); otherwise one generated once and kept in the data directory, so that a zero-set-up
 * start works and tokens survive a restart.
 */
public final class JwtSecrets {

    private static final Logger LOG = LoggerFactory.getLogger(JwtSecrets.class);
    static final String FILE_NAME = "jwt-secret";

    private JwtSecrets() {
    }

    public static String resolve(String configured, Path dataDirectory) throws IOException {
        if (configured != null && !configured.isEmpty()) {
            return configured;
        }
        Path file = dataDirectory.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.createDirectories(dataDirectory);
        Files.writeString(file, secret, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system; the directory's own permissions apply.
        }
        LOG.warn("JWT_ACCESS_SECRET is not set: generated one in {} (tokens from the VendHub backend will not "
                + "verify until JWT_ACCESS_SECRET is set to the backend's secret)", file);
        return secret;
    }
}
