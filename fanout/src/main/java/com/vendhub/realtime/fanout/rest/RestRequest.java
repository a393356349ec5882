package com.vendhub.realtime.fanout.rest;

import com.vendhub.realtime.schema.text.LogText;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request detached from Netty (the body is copied), so a worker thread can handle it.
 * {@code authorization} may be null.
 */
public record RestRequest(String method, String path, Map<String, List<String>> query, String authorization,
        byte[] body) {

    public RestRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
        body = body == null ? new byte[0] : body;
    }

    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String toString() {
        // Never the Authorization header; the path is the client's (percent-decoded) text: escaped for logs.
        return "RestRequest[" + LogText.escape(method, 16) + " " + LogText.escape(path) + "]";
    }
}
