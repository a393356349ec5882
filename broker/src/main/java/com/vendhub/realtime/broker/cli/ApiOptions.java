package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.app.DevelopmentTokens;
import com.vendhub.realtime.broker.app.JwtSecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where the running {@code vendhub serve} is and how to act as an administrator there. The
 * {@code machines} commands go through the REST API rather than the database: the server caches
 * token hashes in memory and must close a connection whose token was rotated, and the embedded
 * database cannot be opened by a second process.
 */
final class ApiOptions {

    /** How long a token the command mints for itself is valid. */
    static final Duration MINTED_TOKEN_VALIDITY = Duration.ofMinutes(5);

    @Option(names = "--api-url", defaultValue = "${env:VENDHUB_API_URL:-http://localhost:8080}",
            description = "Base URL of the running server's HTTP port (env VENDHUB_API_URL, default ${DEFAULT-VALUE}).")
    String apiUrl;

    @Option(names = "--admin-token", defaultValue = "${env:VENDHUB_ADMIN_TOKEN}",
            description = "JWT of an admin or super_admin (env VENDHUB_ADMIN_TOKEN). Without it the command mints a "
                    + "short-lived super_admin token from --jwt-secret or the secret in --data-dir.")
    String adminToken;

    @Option(names = "--jwt-secret", defaultValue = "${env:JWT_ACCESS_SECRET}",
            description = "The server's HS256 secret (env JWT_ACCESS_SECRET).")
    String jwtSecret;

    @Option(names = "--data-dir", defaultValue = "${env:VENDHUB_DATA_DIR:-vendhub-data}",
            description = "The server's data directory, where a generated JWT secret lives (env VENDHUB_DATA_DIR).")
    Path dataDirectory;

    /** The bearer token to send. */
    String bearer() throws IOException {
        if (adminToken != null && !adminToken.isBlank()) {
            return adminToken.strip();
        }
        String secret = jwtSecret;
        if (secret == null || secret.isEmpty()) {
            Path file = dataDirectory.resolve("jwt-secret");
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("no --admin-token, no --jwt-secret and no generated secret in "
                        + dataDirectory + ": cannot authenticate to " + apiUrl);
            }
            secret = JwtSecrets.resolve(null, dataDirectory);
        }
        return new DevelopmentTokens(secret, Clock.systemUTC())
                .mint("vendhub-cli", null, "super_admin", MINTED_TOKEN_VALIDITY);
    }

    String base() {
        return apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    }
}
