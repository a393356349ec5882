package com.vendhub.realtime.schema.validation;

import com.vendhub.realtime.schema.text.StoredText;
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
            return rejected(r.reason(), r.detail());
        }
        JsonNode root = ((ValidationResult.Accepted<JsonNode>) parsed).value();
        try {
            UUID machineId = uuid(root, "machineId", "");
            if (!machineId.equals(topicMachineId)) {
                return rejected(RejectReason.MACHINE_MISMATCH,
                        "machineId " + machineId + " is not the topic's machine " + topicMachineId);
            }
            // One window for every time of the reading, read once per reading (docs/architecture.md, "Bounds").
            Instant latestAllowed = clock.instant().plus(limits.maxFutureSkew());
            Instant timestamp = deviceTime(root, "timestamp", "", latestAllowed);
            MachineStatus status = status(root, "status");
            double temperature = number(root, "temperature", "", limits.minTemperature(), limits.maxTemperature());
            double humidity = number(root, "humidity", "", 0.0, 100.0);
            List<BunkerLevel> bunkers = bunkers(root);
            List<MachineError> errors = errors(root, latestAllowed);
            Instant lastSale = root.hasNonNull("lastSale") ? deviceTime(root, "lastSale", "", latestAllowed) : null;
            long uptime = nonNegativeInteger(root, "uptime");
            return new ValidationResult.Accepted<>(new MachineTelemetry(
                    machineId, timestamp, status, temperature, humidity, bunkers, errors, lastSale, uptime));
        } catch (InvalidField e) {
            return rejected(e.reason, e.getMessage());
        }
    }

    /** Validates a {@code status} payload: {@code {"status": ..., "timestamp": ...}}. */
    public ValidationResult<StatusReport> validateStatus(byte[] payload) {
        ValidationResult<JsonNode> parsed = parseObject(payload);
        if (parsed instanceof ValidationResult.Rejected<JsonNode> r) {
            return rejected(r.reason(), r.detail());
        }
        JsonNode root = ((ValidationResult.Accepted<JsonNode>) parsed).value();
        try {
            MachineStatus status = status(root, "status");
            // A Last Will is fixed at CONNECT time and may carry no timestamp; the broker's clock then stands in.
            Instant timestamp = root.hasNonNull("timestamp") ? instant(root, "timestamp", "") : clock.instant();
            return new ValidationResult.Accepted<>(new StatusReport(status, timestamp));
        } catch (InvalidField e) {
            return rejected(e.reason, e.getMessage());
        }
    }

    private ValidationResult<JsonNode> parseObject(byte[] payload) {
        if (payload.length > limits.maxPayloadBytes()) {
            return rejected(RejectReason.TOO_LARGE,
                    "payload of " + payload.length + " bytes exceeds the limit of " + limits.maxPayloadBytes());
        }
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (JacksonException e) {
            return rejected(RejectReason.NOT_JSON, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return rejected(RejectReason.NOT_JSON, "not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return rejected(RejectReason.NOT_JSON, "payload is not a JSON object");
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

    private List<MachineError> errors(JsonNode root, Instant latestAllowed) throws InvalidField {
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
            Instant occurredAt = deviceTime(e, "occurredAt", at, latestAllowed);
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

    private static UUID uuid(JsonNode node, String field, String at) throws InvalidField {
        String text = textual(node, field, at, "a UUID string");
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

    private static Instant instant(JsonNode node, String field, String at) throws InvalidField {
        String text = textual(node, field, at, "an ISO-8601 timestamp string");
        try {
            return IsoTimestamps.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidField(at + field + " must be an ISO-8601 timestamp with offset, got '"
                    + abbreviate(text) + "'");
        }
    }

    /**
     * A time the device reports, inside [{@link ValidationLimits#earliestDeviceTime()}, server clock +
     * {@link ValidationLimits#maxFutureSkew()}]. Outside it the device clock is wrong, and a year 0, a
     * negative year or a year past 9999 is also one PostgreSQL refuses to store (docs/security.md,
     * "Devices' payloads").
     */
    private Instant deviceTime(JsonNode node, String field, String at, Instant latestAllowed) throws InvalidField {
        Instant t = instant(node, field, at);
        if (t.isAfter(latestAllowed)) {
            throw new InvalidField(RejectReason.FUTURE_TIMESTAMP, at + field + " " + t + " is more than "
                    + limits.maxFutureSkew() + " ahead of the server clock");
        }
        if (t.isBefore(limits.earliestDeviceTime())) {
            throw new InvalidField(RejectReason.TIMESTAMP_TOO_OLD, at + field + " " + t
                    + " is before the earliest accepted device time " + limits.earliestDeviceTime());
        }
        return t;
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
        String text = textual(node, field, at, "a string");
        if (!mayBeEmpty && text.isBlank()) {
            throw new InvalidField(at + field + " must not be blank");
        }
        if (text.length() > limits.maxTextLength()) {
            throw new InvalidField(at + field + " is longer than " + limits.maxTextLength() + " characters");
        }
        checkCharacters(text, at + field);
        return text;
    }

    /** The text of string field {@code field}; refused as "must be {@code expected}" when absent or not a string. */
    private static String textual(JsonNode node, String field, String at, String expected) throws InvalidField {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidField(at + field + " must be " + expected);
        }
        return value.asText();
    }

    /**
     * Refuses control characters: NUL, which PostgreSQL cannot store in {@code text} nor {@code jsonb}
     * (docs/architecture.md, "The telemetry writer isolates refused rows"), and with it the rest of
     * C0 (U+0001..U+001F, tab and newline included), DEL and C1 (U+0080..U+009F): none belongs in an
     * ingredient name or an error text, and each can forge log lines and break dashboards. An unpaired
     * surrogate (a JSON {@code \\ud800} escape) is no Unicode character at all; the database driver would
     * silently turn it into '?'.
     */
    private static void checkCharacters(String text, String name) throws InvalidField {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                throw new InvalidField(RejectReason.CONTROL_CHARACTER, name + " holds the control character U+"
                        + String.format("%04X", (int) c) + " at index " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidField(name + " holds the unpaired surrogate U+" + String.format("%04X", (int) c)
                        + " at index " + i + ": not valid Unicode");
            }
        }
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

    /**
     * A rejection whose detail is safe to log and to store: a detail may quote the device's text (a bad
     * timestamp, the token Jackson stumbled on), and a NUL in a dead letter's detail would make the dead
     * letter itself unstorable (docs/security.md, "Logs, secrets and stored text"). Control characters and
     * unpaired surrogates become {@code \\uXXXX}.
     */
    private static <T> ValidationResult.Rejected<T> rejected(RejectReason reason, String detail) {
        return new ValidationResult.Rejected<>(reason, StoredText.escape(detail));
    }

    /** Control flow inside the validator only; never escapes it. */
    private static final class InvalidField extends Exception {
        private static final long serialVersionUID = 1L;

        private final transient RejectReason reason;

        InvalidField(String message) {
            this(RejectReason.INVALID_FIELD, message);
        }

        InvalidField(RejectReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
