package com.vendhub.realtime.fanout.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Objects;

/**
 * CORS headers for one configured origin ({@code *} by default, as the seed's gateway with
 * {@code CORS_ORIGIN} unset). REST uses bearer tokens, not cookies, so it never allows credentials;
 * the Engine.IO endpoint answers like the seed's gateway ({@code cors: {origin, credentials: true}}).
 */
public final class Cors {

    private final String origin;

    public Cors(String origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** Adds the headers every response carries. */
    public void decorate(HttpHeaders headers) {
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if (!"*".equals(origin)) {
            headers.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
    }

    /** Adds the headers of an Engine.IO (polling or handshake) response: the seed's {@code credentials: true}. */
    public void decorateEngineIo(HttpHeaders headers) {
        decorate(headers);
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    }

    /** Adds the preflight headers of an {@code OPTIONS} answer. */
    public void preflight(HttpHeaders headers) {
        decorate(headers);
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type");
        headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
    }
}
