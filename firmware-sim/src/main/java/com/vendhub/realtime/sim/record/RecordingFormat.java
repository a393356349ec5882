package com.vendhub.realtime.sim.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The JSON Lines format of a recording: one object per line, {@code {"topic", "timestamp",
 * "retained", "payload"}}, where {@code payload} is the message's JSON as is, so a recording reads
 * and greps like the traffic it holds. A payload that is not JSON (a device bug worth replaying)
 * is kept byte for byte as {@code "payloadBase64"} instead.
 */
public final class RecordingFormat {

    private final ObjectMapper mapper = new ObjectMapper();

    /** One line, without the line break. */
    public String write(RecordedMessage m) {
        ObjectNode line = mapper.createObjectNode()
                .put("topic", m.topic())
                .put("timestamp", m.timestamp().toString())
                .put("retained", m.retained());
        JsonNode json = parseJson(m.payload());
        if (json != null) {
            line.set("payload", json);
        } else {
            line.put("payloadBase64", Base64.getEncoder().encodeToString(m.payload()));
        }
        try {
            return mapper.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always encodes", e);
        }
    }

    /**
     * Parses one line; a JSON payload comes back in its compact form (the bytes a device would send,
     * less insignificant white space).
     *
     * @throws IllegalArgumentException naming what is wrong with the line
     */
    public RecordedMessage read(String text) {
        JsonNode line;
        try {
            line = mapper.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (line == null || !line.isObject() || !line.path("topic").isTextual() || !line.path("timestamp").isTextual()) {
            throw new IllegalArgumentException("expected an object with \"topic\" and \"timestamp\"");
        }
        Instant at;
        try {
            at = Instant.parse(line.get("timestamp").textValue());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"timestamp\" is not an ISO-8601 instant");
        }
        byte[] payload;
        if (line.has("payload")) {
            try {
                payload = mapper.writeValueAsBytes(line.get("payload"));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree always encodes", e);
            }
        } else if (line.path("payloadBase64").isTextual()) {
            try {
                payload = Base64.getDecoder().decode(line.get("payloadBase64").textValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"payloadBase64\" is not base64");
            }
        } else {
            throw new IllegalArgumentException("no \"payload\" or \"payloadBase64\"");
        }
        return new RecordedMessage(line.get("topic").textValue(), at, line.path("retained").asBoolean(false), payload);
    }

    private JsonNode parseJson(byte[] payload) {
        try {
            JsonNode node = mapper.readTree(new String(payload, StandardCharsets.UTF_8));
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }
}
