package com.vendhub.realtime.broker.cli;

import picocli.CommandLine.Option;

/** The HS256 secret shared with the VendHub backend (docs/contract.md, "Command line": {@code JWT_ACCESS_SECRET}). */
final class JwtSecretOptions {

    @Option(names = "--jwt-secret",
            description = "HS256 secret shared with the VendHub backend, at least 32 bytes. Without it serve "
                    + "generates one in the data directory (fanout requires it; machines mints from it).")
    String secret;
}
