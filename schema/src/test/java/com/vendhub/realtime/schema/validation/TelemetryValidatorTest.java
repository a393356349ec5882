package com.vendhub.realtime.schema.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.model.ErrorSeverity;
import com.vendhub.realtime.schema.model.MachineStatus;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import com.vendhub.realtime.schema.model.StatusReport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TelemetryValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final UUID MACHINE = UUID.fromString("3f8e2a10-1c4b-4f0e-9a55-0c3a6d7e8f01");
    private final WireJson json = new WireJson();
    private final TelemetryValidator validator =
            new TelemetryValidator(ValidationLimits.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

    private ObjectNode valid() {
        ObjectNode root = json.mapper().createObjectNode();
        root.put("machineId", MACHINE.toString());
        root.put("timestamp", "2026-11-29T09:59:58.250Z");
        root.put("status", "online");
        root.put("temperature", 6.5);
        root.put("humidity", 45.2);
        ArrayNode bunkers = root.putArray("bunkers");
        ObjectNode b = bunkers.addObject();
        b.put("bunkerId", "0f0e0d0c-0b0a-4908-8706-050403020100");
        b.put("ingredientId", "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d");
        b.put("ingredientName", "Coffee beans");
        b.put("currentLevel", 150);
        b.put("maxLevel", 1000);
        b.put("percentage", 99); // the device's value is not trusted
        b.put("lowLevelAlert", false);
        ArrayNode errors = root.putArray("errors");
        ObjectNode e = errors.addObject();
        e.put("code", "E42");
        e.put("message", "Grinder jammed");
        e.put("severity", "critical");
        e.put("occurredAt", "2026-11-29T09:58:00+05:00");
        root.put("lastSale", "2026-11-29T09:55:00Z");
        root.put("uptime", 86400);
        return root;
    }

    private ValidationResult<MachineTelemetry> validate(ObjectNode node) {
        return validator.validateTelemetry(MACHINE, json.encode(node));
    }

    private ValidationResult.Rejected<MachineTelemetry> rejected(Consumer<ObjectNode> change) {
        ObjectNode node = valid();
        change.accept(node);
        ValidationResult<MachineTelemetry> result = validate(node);
        assertThat(result).isInstanceOf(ValidationResult.Rejected.class);
        return (ValidationResult.Rejected<MachineTelemetry>) result;
    }

    @Test
    void acceptsTheSeedsShapeAndRecomputesWhatItMustNotTrust() {
        ValidationResult<MachineTelemetry> result = validate(valid());

        assertThat(result).isInstanceOf(ValidationResult.Accepted.class);
        MachineTelemetry t = ((ValidationResult.Accepted<MachineTelemetry>) result).value();
        assertThat(t.machineId()).isEqualTo(MACHINE);
        assertThat(t.timestamp()).isEqualTo(Instant.parse("2026-11-29T09:59:58.250Z"));
        assertThat(t.status()).isEqualTo(MachineStatus.ONLINE);
        assertThat(t.bunkers()).singleElement().satisfies(b -> {
            assertThat(b.percentage()).isEqualTo(15.0);
            assertThat(b.lowLevelAlert()).isTrue();
        });
        assertThat(t.errors()).singleElement().satisfies(e -> {
            assertThat(e.severity()).isEqualTo(ErrorSeverity.CRITICAL);
            assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-11-29T04:58:00Z"));
        });
        assertThat(t.uptime()).isEqualTo(86400);
    }

    @Test
    void encodedTelemetryValidatesBackToTheSameValue() {
        MachineTelemetry first = ((ValidationResult.Accepted<MachineTelemetry>) validate(valid())).value();
        byte[] wire = json.encode(first);
        ValidationResult<MachineTelemetry> again = validator.validateTelemetry(MACHINE, wire);
        assertThat(again).isEqualTo(new ValidationResult.Accepted<>(first));
        assertThat(new String(wire, StandardCharsets.UTF_8)).contains("\"status\":\"online\"", "\"severity\":\"critical\"");
    }

    @Test
    void clampsALevelSensorThatOvershootsTheMaximum() {
        ObjectNode node = valid();
        ((ObjectNode) node.get("bunkers").get(0)).put("currentLevel", 1012.5);
        MachineTelemetry t = ((ValidationResult.Accepted<MachineTelemetry>) validate(node)).value();
        assertThat(t.bunkers().get(0).percentage()).isEqualTo(100.0);
        assertThat(t.bunkers().get(0).lowLevelAlert()).isFalse();
    }

    @Test
    void lastSaleIsOptional() {
        ObjectNode node = valid();
        node.remove("lastSale");
        assertThat(validate(node)).isInstanceOf(ValidationResult.Accepted.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{\"machineId\":", "[1,2,3]", "42", "null", "\"text\""})
    void rejectsWhatIsNotAJsonObject(String payload) {
        ValidationResult<MachineTelemetry> r = validator.validateTelemetry(MACHINE, payload.getBytes(StandardCharsets.UTF_8));
        assertThat(r).isInstanceOfSatisfying(ValidationResult.Rejected.class,
                x -> assertThat(x.reason()).isEqualTo(RejectReason.NOT_JSON));
    }

    @Test
    void rejectsOversizedPayloadsWithoutParsingThem() {
        byte[] big = new byte[ValidationLimits.DEFAULT_MAX_PAYLOAD_BYTES + 1];
        var r = validator.validateTelemetry(MACHINE, big);
        assertThat(r).isInstanceOfSatisfying(ValidationResult.Rejected.class,
                x -> assertThat(x.reason()).isEqualTo(RejectReason.TOO_LARGE));
    }

    @Test
    void rejectsDeeplyNestedJson() {
        String nested = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
        var r = validator.validateTelemetry(MACHINE, nested.getBytes(StandardCharsets.UTF_8));
        assertThat(r).isInstanceOfSatisfying(ValidationResult.Rejected.class,
                x -> assertThat(x.reason()).isEqualTo(RejectReason.NOT_JSON));
    }

    @Test
    void rejectsAnotherMachinesId() {
        var r = rejected(n -> n.put("machineId", UUID.randomUUID().toString()));
        assertThat(r.reason()).isEqualTo(RejectReason.MACHINE_MISMATCH);
    }

    @Test
    void rejectsTimestampsFarInTheFuture() {
        var r = rejected(n -> n.put("timestamp", "2026-11-30T10:00:00Z"));
        assertThat(r.reason()).isEqualTo(RejectReason.FUTURE_TIMESTAMP);
    }

    @Test
    void namesTheBrokenFieldForEachRule() {
        assertThat(rejected(n -> n.remove("machineId")).detail()).contains("machineId");
        assertThat(rejected(n -> n.put("machineId", "1-2-3-4-5")).detail()).contains("machineId must be a UUID");
        assertThat(rejected(n -> n.put("timestamp", "yesterday")).detail()).contains("timestamp");
        assertThat(rejected(n -> n.put("timestamp", "2026-11-29T09:59:58")).detail()).contains("timestamp");
        assertThat(rejected(n -> n.put("status", "ONLINE")).detail()).contains("status");
        assertThat(rejected(n -> n.put("temperature", "6.5")).detail()).contains("temperature must be a number");
        assertThat(rejected(n -> n.put("temperature", 1e6)).detail()).contains("temperature");
        assertThat(rejected(n -> n.put("humidity", 100.5)).detail()).contains("humidity");
        assertThat(rejected(n -> n.put("humidity", -1)).detail()).contains("humidity");
        assertThat(rejected(n -> n.put("uptime", -5)).detail()).contains("uptime must be >= 0");
        assertThat(rejected(n -> n.put("uptime", 1.5)).detail()).contains("uptime must be an integer");
        assertThat(rejected(n -> n.putNull("bunkers")).detail()).contains("bunkers must be an array");
        assertThat(rejected(n -> n.remove("errors")).detail()).contains("errors must be an array");
        assertThat(rejected(n -> bunker(n).put("currentLevel", -1)).detail()).contains("bunkers[0].currentLevel");
        assertThat(rejected(n -> bunker(n).put("maxLevel", 0)).detail()).contains("bunkers[0].maxLevel");
        assertThat(rejected(n -> bunker(n).put("ingredientName", " ")).detail()).contains("bunkers[0].ingredientName");
        assertThat(rejected(n -> bunker(n).put("bunkerId", "x")).detail()).contains("bunkers[0].bunkerId");
        assertThat(rejected(n -> ((ObjectNode) n.get("errors").get(0)).put("severity", "fatal")).detail())
                .contains("errors[0].severity");
        assertThat(rejected(n -> ((ArrayNode) n.get("bunkers")).add(n.get("bunkers").get(0).deepCopy())).detail())
                .contains("appears twice");
        assertThat(rejected(n -> ((ArrayNode) n.get("errors")).add("text")).detail()).contains("errors[1] must be an object");
    }

    @Test
    void boundsTheNumberOfBunkers() {
        var r = rejected(n -> {
            ArrayNode bunkers = (ArrayNode) n.get("bunkers");
            for (int i = 0; i < 40; i++) {
                ObjectNode b = bunkers.get(0).deepCopy();
                b.put("bunkerId", UUID.randomUUID().toString());
                bunkers.add(b);
            }
        });
        assertThat(r.detail()).contains("bunkers has 41 entries");
    }

    @Test
    void validatesStatusReportsAndLetsTheServerClockStandInForAWillWithoutTimestamp() {
        var ok = validator.validateStatus("{\"status\":\"maintenance\",\"timestamp\":\"2026-11-29T09:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(ok).isEqualTo(new ValidationResult.Accepted<>(
                new StatusReport(MachineStatus.MAINTENANCE, Instant.parse("2026-11-29T09:00:00Z"))));
        var will = validator.validateStatus("{\"status\":\"offline\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(will).isEqualTo(new ValidationResult.Accepted<>(new StatusReport(MachineStatus.OFFLINE, NOW)));
        var bad = validator.validateStatus("{\"status\":\"sleeping\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(bad).isInstanceOf(ValidationResult.Rejected.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0001", "\t", "\n", "\r", "\u001b", "\u007f", "\u0085", "\u009f"})
    void rejectsControlCharactersInEveryText(String control) {
        var name = rejected(n -> bunker(n).put("ingredientName", "Sug" + control + "ar"));
        assertThat(name.reason()).isEqualTo(RejectReason.CONTROL_CHARACTER);
        assertThat(name.detail()).contains("bunkers[0].ingredientName", "U+%04X".formatted((int) control.charAt(0)),
                "index 3");
        var code = rejected(n -> error(n).put("code", control + "E42"));
        assertThat(code.reason()).isEqualTo(RejectReason.CONTROL_CHARACTER);
        assertThat(code.detail()).contains("errors[0].code");
        var message = rejected(n -> error(n).put("message", "jammed" + control));
        assertThat(message.reason()).isEqualTo(RejectReason.CONTROL_CHARACTER);
        assertThat(message.detail()).contains("errors[0].message");
    }

    @Test
    void acceptsPrintableUnicodeAndPairedSurrogatesButNotUnpairedOnes() {
        ObjectNode node = valid();
        bunker(node).put("ingredientName", "Кофе ☕ 咖啡 \uD83D\uDE00 \u00a0é");
        assertThat(validate(node)).isInstanceOf(ValidationResult.Accepted.class);
        // Built from the wire text: a JSON escape of half a surrogate pair.
        String lone = new String(json.encode(valid()), StandardCharsets.UTF_8).replace("Coffee beans", "Cof\\ud800fee");
        var r = validator.validateTelemetry(MACHINE, lone.getBytes(StandardCharsets.UTF_8));
        assertThat(r).isInstanceOfSatisfying(ValidationResult.Rejected.class, x -> {
            assertThat(x.reason()).isEqualTo(RejectReason.INVALID_FIELD);
            assertThat(x.detail()).contains("ingredientName", "unpaired surrogate U+D800");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"timestamp", "lastSale", "occurredAt"})
    void everyTimeOfAReadingMustLieBetweenTheEarliestDeviceTimeAndTheSkewAhead(String field) {
        for (String old : new String[] {"1970-01-01T00:00:00Z", "0000-06-01T00:00:00Z", "-0044-03-15T12:00:00Z",
                "-5000-01-01T00:00:00Z", "1999-12-31T23:59:59.999Z"}) {
            var r = rejected(n -> setTime(n, field, old));
            assertThat(r.reason()).as(old).isEqualTo(RejectReason.TIMESTAMP_TOO_OLD);
            assertThat(r.detail()).contains(field, "earliest accepted device time 2000-01-01T00:00:00Z");
        }
        for (String future : new String[] {"+10000-01-01T00:00:00Z", "+300000-01-01T00:00:00Z",
                "2026-11-29T10:10:00.001Z"}) {
            var r = rejected(n -> setTime(n, field, future));
            assertThat(r.reason()).as(future).isEqualTo(RejectReason.FUTURE_TIMESTAMP);
            assertThat(r.detail()).contains(field);
        }
        ObjectNode edge = valid();
        setTime(edge, "timestamp", "2026-11-29T10:10:00Z");
        setTime(edge, field, "2000-01-01T00:00:00Z");
        assertThat(validate(edge)).isInstanceOf(ValidationResult.Accepted.class);
    }

    @Test
    void aLateReadingFromAnOfflineBufferIsAccepted() {
        ObjectNode node = valid();
        node.put("timestamp", "2026-02-01T08:00:00Z");
        node.put("lastSale", "2026-01-31T20:00:00Z");
        error(node).put("occurredAt", "2026-01-30T20:00:00Z");
        assertThat(validate(node)).isInstanceOf(ValidationResult.Accepted.class);
    }

    @Test
    void theEarliestDeviceTimeIsASetting() {
        TelemetryValidator strict = new TelemetryValidator(
                ValidationLimits.defaults().withEarliestDeviceTime(Instant.parse("2026-11-01T00:00:00Z")),
                Clock.fixed(NOW, ZoneOffset.UTC));
        ObjectNode node = valid();
        node.put("lastSale", "2026-10-31T23:59:59Z");
        var r = strict.validateTelemetry(MACHINE, json.encode(node));
        assertThat(r).isInstanceOfSatisfying(ValidationResult.Rejected.class,
                x -> assertThat(x.reason()).isEqualTo(RejectReason.TIMESTAMP_TOO_OLD));
        assertThat(validate(node)).isInstanceOf(ValidationResult.Accepted.class);
    }

    @Test
    void aRejectionNeverQuotesAControlCharacterOfTheDevice() {
        // The detail quotes the bad timestamp; it goes to the log and into the dead letter's text column.
        var r = rejected(n -> n.put("timestamp", "2026\u0000\n\u009b"));
        assertThat(r.detail()).contains("2026\\u0000\\u000a\\u009b")
                .doesNotContain("\u0000", "\n", "\u009b");
        var notJson = validator.validateTelemetry(MACHINE, "{\"a\":tru\u0000e}".getBytes(StandardCharsets.UTF_8));
        assertThat(notJson).isInstanceOfSatisfying(ValidationResult.Rejected.class,
                x -> assertThat(x.detail()).doesNotContain("\u0000"));
    }

    private static void setTime(ObjectNode root, String field, String value) {
        if (field.equals("occurredAt")) {
            error(root).put(field, value);
        } else {
            root.put(field, value);
        }
    }

    private static ObjectNode error(ObjectNode root) {
        return (ObjectNode) root.get("errors").get(0);
    }

    private static ObjectNode bunker(ObjectNode root) {
        return (ObjectNode) root.get("bunkers").get(0);
    }
}
