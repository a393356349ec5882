package com.vendhub.realtime.fanout.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The CORS policy of the HTTP port, from {@code --cors-origins} (a comma-separated allow-list).
 * <ul>
 *   <li>{@code *} (the default, the seed's {@code CORS_ORIGIN} default): {@code
 *       Access-Control-Allow-Origin: *} on every answer and never {@code Allow-Credentials}. A browser
 *       refuses {@code *} together with credentials (Fetch standard, "CORS check"), which is what the
 *       Engine.IO endpoint used to send; socket.io-client does not send credentials unless told
 *       ({@code withCredentials: false} by default), so dashboards work from any origin.</li>
 *   <li>a list of origins: an allowed request {@code Origin} is echoed with {@code Vary: Origin}, and
 *       on Engine.IO with {@code Access-Control-Allow-Credentials: true} (what socket.io's {@code cors:
 *       {origin: [...], credentials: true}} answers; needed for a load balancer's sticky-session
 *       cookie with {@code withCredentials: true}). Any other origin gets no CORS headers.</li>
 *   <li>empty: no CORS headers at all, as socket.io 4 with {@code cors} unset.</li>
 * </ul>
 * REST authenticates with bearer tokens, not cookies, so it never allows credentials. Thread-safe.
 */
public final class Cors {

    private final boolean anyOrigin;
    private final Set<String> origins;

    /** @param configured {@code *}, a comma-separated list of origins, or empty for none */
    public Cors(String configured) {
        Objects.requireNonNull(configured, "configured");
        Set<String> list = new LinkedHashSet<>();
        boolean any = false;
        for (String part : configured.split(",")) {
            String origin = part.strip();
            if (origin.equals("*")) {
                any = true;
            } else if (!origin.isEmpty()) {
                // Origins compare as the browser serializes them: scheme://host[:port], no trailing slash.
                list.add(origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin);
            }
        }
        if (any && !list.isEmpty()) {
            throw new IllegalArgumentException("--cors-origins is either * or a list of origins, not both: "
                    + configured);
        }
        this.anyOrigin = any;
        this.origins = Set.copyOf(list);
    }

    /**
     * Adds the CORS headers of an answer to a request from {@code requestOrigin} (null when the request
     * had no {@code Origin}); {@code engineIo} for the {@code /socket.io/} endpoint.
     */
    public void apply(HttpHeaders headers, String requestOrigin, boolean engineIo) {
        if (anyOrigin) {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            headers.remove(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS);
            return;
        }
        if (origins.isEmpty()) {
            return;
        }
        headers.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        if (requestOrigin != null && origins.contains(requestOrigin)) {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, requestOrigin);
            if (engineIo) {
                headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            }
        }
    }

    /** Adds the method and header lists of a preflight ({@code OPTIONS}) answer; the origin comes from {@link #apply}. */
    public static void preflight(HttpHeaders headers) {
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type");
        headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
    }
}
