package com.vendhub.realtime.schema.validation;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.model.BunkerLevel;
import com.vendhub.realtime.schema.model.ErrorSeverity;
import com.vendhub.realtime.schema.model.MachineError;
import com.vendhub.realtime.schema.model.MachineStatus;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import com.vendhub.realtime.schema.model.StatusReport;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Validates device payloads against the contract's rules ("Telemetry payload") and recomputes
 * what the server must not trust. Thread-safe and allocation-light; called on the ingest path.
 */
public final class TelemetryValidator {

    private final ValidationLimits limits;
    private final Clock clock;
    private final ObjectMapper mapper = WireJson.newObjectMapper();

    public TelemetryValidator(ValidationLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public ValidationLimits limits() {
        return limits;
    }

    /** Validates a {@code telemetry} payload published on the topic of {@code topicMachineId}. */
    public ValidationResult<MachineTelemetry> validateTelemetry(UUID topicMachineId, byte[] payload) {
        ValidationResult<JsonNode> parsed = parseObject(payload);
        if (parsed instanceof ValidationResult.Rejected<JsonNode> r) {
            return new ValidationResult.Rejected<>(r.reason(), r.detail());
        }
        JsonNode root = ((ValidationResult.Accepted<JsonNode>) parsed).value();
        try {
            UUID machineId = uuid(root, "machineId");
            if (!machineId.equals(topicMachineId)) {
                return new ValidationResult.Rejected<>(RejectReason.MACHINE_MISMATCH,
                        "machineId " + machineId + " is not the topic's machine " + topicMachineId);
            }
            Instant timestamp = instant(root, "timestamp");
            Instant latestAllowed = clock.instant().plus(limits.maxFutureSkew());
            if (timestamp.isAfter(latestAllowed)) {
                return new ValidationResult.Rejected<>(RejectReason.FUTURE_TIMESTAMP,
                        "timestamp " + timestamp + " is more than " + limits.maxFutureSkew() + " ahead of the server clock");
            }
            MachineStatus status = status(root, "status");
            double temperature = number(root, "temperature", limits.minTemperature(), limits.maxTemperature());
            double humidity = number(root, "humidity", 0.0, 100.0);
            List<BunkerLevel> bunkers = bunkers(root);
            List<MachineError> errors = errors(root);
            Instant lastSale = root.hasNonNull("lastSale") ? instant(root, "lastSale") : null;
            long uptime = nonNegativeInteger(root, "uptime");
            return new ValidationResult.Accepted<>(new MachineTelemetry(
                    machineId, timestamp, status, temperature, humidity, bunkers, errors, lastSale, uptime));
        } catch (InvalidField e) {
            return new ValidationResult.Rejected<>(RejectReason.INVALID_FIELD, e.getMessage());
        }
    }

    /** Validates a {@code status} payload: {@code {"status": ..., "timestamp": ...}}. */
    public ValidationResult<StatusReport> validateStatus(byte[] payload) {
        ValidationResult<JsonNode> parsed = parseObject(payload);
        if (parsed instanceof ValidationResult.Rejected<JsonNode> r) {
            return new ValidationResult.Rejected<>(r.reason(), r.detail());
        }
        JsonNode root = ((ValidationResult.Accepted<JsonNode>) parsed).value();
        try {
            MachineStatus status = status(root, "status");
            // A Last Will is fixed at CONNECT time and may carry no timestamp; the broker's clock then stands in.
            Instant timestamp = root.hasNonNull("timestamp") ? instant(root, "timestamp") : clock.instant();
            return new ValidationResult.Accepted<>(new StatusReport(status, timestamp));
        } catch (InvalidField e) {
            return new ValidationResult.Rejected<>(RejectReason.INVALID_FIELD, e.getMessage());
        }
    }

    private ValidationResult<JsonNode> parseObject(byte[] payload) {
        if (payload.length > limits.maxPayloadBytes()) {
            return new ValidationResult.Rejected<>(RejectReason.TOO_LARGE,
                    "payload of " + payload.length + " bytes exceeds the limit of " + limits.maxPayloadBytes());
        }
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (JacksonException e) {
            return new ValidationResult.Rejected<>(RejectReason.NOT_JSON, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new ValidationResult.Rejected<>(RejectReason.NOT_JSON, "not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return new ValidationResult.Rejected<>(RejectReason.NOT_JSON, "payload is not a JSON object");
        }
        return new ValidationResult.Accepted<>(root);
    }

    private List<BunkerLevel> bunkers(JsonNode root) throws InvalidField {
        JsonNode array = array(root, "bunkers", limits.maxBunkers());
        List<BunkerLevel> out = new ArrayList<>(array.size());
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String at = "bunkers[" + i + "].";
            JsonNode b = object(array.get(i), "bunkers[" + i + "]");
            UUID bunkerId = uuid(b, "bunkerId", at);
            if (!seen.add(bunkerId)) {
                throw new InvalidField(at + "bunkerId " + bunkerId + " appears twice in one reading");
            }
            UUID ingredientId = uuid(b, "ingredientId", at);
            String name = text(b, "ingredientName", at, false);
            double max = number(b, "maxLevel", at, Double.MIN_VALUE, Double.MAX_VALUE);
            double current = number(b, "currentLevel", at, 0.0, Double.MAX_VALUE);
            // Level sensors overshoot a little when a hopper is topped up; clamp rather than lose the reading.
            double percentage = Math.min(100.0, Math.round(current / max * 10_000.0) / 100.0);
            out.add(new BunkerLevel(bunkerId, ingredientId, name, current, max, percentage,
                    percentage < limits.lowLevelPercent()));
        }
        return out;
    }

    private List<MachineError> errors(JsonNode root) throws InvalidField {
        JsonNode array = array(root, "errors", limits.maxErrors());
        List<MachineError> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String at = "errors[" + i + "].";
            JsonNode e = object(array.get(i), "errors[" + i + "]");
            String code = text(e, "code", at, false);
            String message = text(e, "message", at, true);
            String severityText = e.path("severity").isTextual() ? e.get("severity").asText() : null;
            ErrorSeverity severity = ErrorSeverity.parse(severityText).orElseThrow(() ->
                    new InvalidField(at + "severity must be one of warning, error, critical"));
            Instant occurredAt = instant(e, "occurredAt", at);
            out.add(new MachineError(code, message, severity, occurredAt));
        }
        return out;
    }

    private static JsonNode object(JsonNode node, String name) throws InvalidField {
        if (node == null || !node.isObject()) {
            throw new InvalidField(name + " must be an object");
        }
        return node;
    }

    private static JsonNode array(JsonNode root, String field, int maxSize) throws InvalidField {
        JsonNode node = root.get(field);
        if (node == null || !node.isArray()) {
            throw new InvalidField(field + " must be an array");
        }
        if (node.size() > maxSize) {
            throw new InvalidField(field + " has " + node.size() + " entries, more than the limit of " + maxSize);
        }
        return node;
    }

    private static MachineStatus status(JsonNode root, String field) throws InvalidField {
        JsonNode node = root.get(field);
        String text = node != null && node.isTextual() ? node.asText() : null;
        return MachineStatus.parse(text).orElseThrow(() ->
                new InvalidField(field + " must be one of online, offline, maintenance, error"));
    }

    private static UUID uuid(JsonNode root, String field) throws InvalidField {
        return uuid(root, field, "");
    }

    private static UUID uuid(JsonNode node, String field, String at) throws InvalidField {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidField(at + field + " must be a UUID string");
        }
        String text = value.asText();
        // UUID.fromString accepts short forms such as "1-2-3-4-5"; the contract means the canonical 36 characters.
        if (text.length() != 36) {
            throw new InvalidField(at + field + " must be a UUID string");
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidField(at + field + " must be a UUID string");
        }
    }

    private static Instant instant(JsonNode root, String field) throws InvalidField {
        return instant(root, field, "");
    }

    private static Instant instant(JsonNode node, String field, String at) throws InvalidField {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidField(at + field + " must be an ISO-8601 timestamp string");
        }
        try {
            return IsoTimestamps.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new InvalidField(at + field + " must be an ISO-8601 timestamp with offset, got '"
                    + abbreviate(value.asText()) + "'");
        }
    }

    private double number(JsonNode root, String field, double min, double max) throws InvalidField {
        return number(root, field, "", min, max);
    }

    private static double number(JsonNode node, String field, String at, double min, double max) throws InvalidField {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new InvalidField(at + field + " must be a number");
        }
        double d = value.asDouble();
        if (!Double.isFinite(d) || d < min || d > max) {
            throw new InvalidField(at + field + " = " + d + " is outside " + describeRange(min, max));
        }
        return d;
    }

    private static long nonNegativeInteger(JsonNode root, String field) throws InvalidField {
        JsonNode value = root.get(field);
        if (value == null || !value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw new InvalidField(field + " must be an integer");
        }
        long v = value.asLong();
        if (v < 0) {
            throw new InvalidField(field + " must be >= 0");
        }
        return v;
    }

    private String text(JsonNode node, String field, String at, boolean mayBeEmpty) throws InvalidField {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidField(at + field + " must be a string");
        }
        String text = value.asText();
        if (!mayBeEmpty && text.isBlank()) {
            throw new InvalidField(at + field + " must not be blank");
        }
        if (text.length() > limits.maxTextLength()) {
            throw new InvalidField(at + field + " is longer than " + limits.maxTextLength() + " characters");
        }
        return text;
    }

    private static String describeRange(double min, double max) {
        if (min == Double.MIN_VALUE) {
            return "(0, " + (max == Double.MAX_VALUE ? "inf" : max) + "]";
        }
        return "[" + min + ", " + (max == Double.MAX_VALUE ? "inf" : max) + "]";
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    /** Control flow inside the validator only; never escapes it. */
    private static final class InvalidField extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidField(String message) {
            super(message, null, false, false);
        }
    }
}
