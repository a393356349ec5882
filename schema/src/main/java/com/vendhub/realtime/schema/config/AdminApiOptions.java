package com.vendhub.realtime.schema.config;

import picocli.CommandLine.Option;

/**
 * Where a running {@code vendhub serve} answers REST and the admin token to call it with, as
 * {@code vendhub machines} and {@code vendhub-sim run --provision} need them (docs/contract.md, "REST").
 */
public final class AdminApiOptions {

    @Option(names = "--api-url", description = "Base URL of the running server's HTTP port.")
    String apiUrl = "http://localhost:8080";

    @Option(names = "--admin-token", description = "JWT of an admin or super_admin.")
    String adminToken;

    /** The base URL without a trailing slash. */
    public String base() {
        return apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    }

    /** The token as given, stripped, or null. */
    public String adminToken() {
        return adminToken == null || adminToken.isBlank() ? null : adminToken.strip();
    }
}
