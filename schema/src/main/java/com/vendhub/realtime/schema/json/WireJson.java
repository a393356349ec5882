package com.vendhub.realtime.schema.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/** Builds and uses the product's JSON codec: Jackson with ISO-8601 instants and bounded parsing. */
public final class WireJson {

    /** Nesting deeper than this is not a telemetry payload; Jackson's own default (1000) is far too generous. */
    public static final int MAX_NESTING_DEPTH = 32;

    private final ObjectMapper mapper;

    public WireJson() {
        this.mapper = newObjectMapper();
    }

    /** A freshly configured mapper; thread-safe once configured, so one per component is enough. */
    public static ObjectMapper newObjectMapper() {
        ObjectMapper m = new ObjectMapper();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build());
        m.registerModule(new JavaTimeModule());
        m.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        m.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        return m;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Encodes a value to UTF-8 JSON bytes; our own records always encode, so failure is a bug. */
    public byte[] encode(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public String encodeToString(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }
}
