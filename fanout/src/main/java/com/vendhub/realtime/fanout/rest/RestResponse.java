package com.vendhub.realtime.fanout.rest;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/** An HTTP answer: status, body, content type and extra headers. */
public record RestResponse(int status, byte[] body, String contentType, Map<String, String> headers) {

    public static final String JSON = "application/json; charset=utf-8";

    public RestResponse {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(contentType, "contentType");
        headers = Map.copyOf(headers);
    }

    public static RestResponse json(int status, byte[] body) {
        return new RestResponse(status, body, JSON, Map.of());
    }

    /** The contract's error shape {@code {"error","message"}}; both are our own constants, escaped anyway. */
    public static RestResponse error(int status, String error, String message) {
        String body = "{\"error\":\"" + escape(error) + "\",\"message\":\"" + escape(message) + "\"}";
        return json(status, body.getBytes(StandardCharsets.UTF_8));
    }

    public RestResponse withHeader(String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(headers);
        more.put(name, value);
        return new RestResponse(status, body, contentType, more);
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
