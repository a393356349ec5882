package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.app.JwtSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

    JwtSettings settings() {
        try {
            return new JwtSettings(hs256.secret,
                    publicKey == null ? null : Files.readString(publicKey, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --jwt-public-key " + publicKey, e);
        }
    }
}
