package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.app.DevelopmentTokens;
import com.vendhub.realtime.broker.app.JwtSecrets;
import com.vendhub.realtime.schema.config.AdminApiOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Mixin;

/**
 * Where the running {@code vendhub serve} is and how to act as an administrator there. The
 * {@code machines} commands go through the REST API rather than the database: the server caches
 * token hashes in memory and must close a connection whose token was rotated, and the embedded
 * database cannot be opened by a second process. Without {@code --admin-token} the command mints a
 * short-lived super_admin token from {@code --jwt-secret} or the secret generated in {@code --data-dir}.
 */
final class ApiOptions {

    /** How long a token the command mints for itself is valid. */
    static final Duration MINTED_TOKEN_VALIDITY = Duration.ofMinutes(5);

    @Mixin
    AdminApiOptions api;

    @Mixin
    JwtSecretOptions jwt;

    @Mixin
    DataDirectoryOptions data;

    /** The bearer token to send. */
    String bearer() throws IOException {
        if (api.adminToken() != null) {
            return api.adminToken();
        }
        String secret = jwt.secret;
        Path dataDirectory = data.dataDirectory;
        if (secret == null || secret.isEmpty()) {
            Path file = dataDirectory.resolve("jwt-secret");
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("no --admin-token, no --jwt-secret and no generated secret in "
                        + dataDirectory + ": cannot authenticate to " + api.base());
            }
            secret = JwtSecrets.resolve(null, dataDirectory);
        }
        return new DevelopmentTokens(secret, Clock.systemUTC())
                .mint("vendhub-cli", null, "super_admin", MINTED_TOKEN_VALIDITY);
    }

    String base() {
        return api.base();
    }
}
