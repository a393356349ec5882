package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.app.JwtSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The tokens {@code serve} and {@code fanout} accept (docs/security.md). */
final class JwtOptions {

    @Mixin
    JwtSecretOptions hs256;

    @Option(names = "--jwt-public-key", description = "PEM file of an RS256 public key to accept as well.")
    Path publicKey;

    String secret() {
        return hs256.secret;
    }

    /** The settings; an unreadable key file is an {@link IllegalArgumentException}, which the commands report as a usage error. */
    JwtSettings settings() {
        try {
            return new JwtSettings(hs256.secret,
                    publicKey == null ? null : Files.readString(publicKey, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--jwt-public-key " + publicKey + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("--jwt-public-key " + publicKey + " cannot be read: " + e);
        }
    }
}
