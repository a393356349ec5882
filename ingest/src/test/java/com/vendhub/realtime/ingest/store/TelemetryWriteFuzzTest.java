package com.vendhub.realtime.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vendhub.realtime.ingest.deadletter.DeadLetterWriter;
import com.vendhub.realtime.ingest.pipeline.LogThrottle;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.migration.DatabaseMigrations;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import com.vendhub.realtime.schema.validation.RejectReason;
import com.vendhub.realtime.schema.validation.TelemetryValidator;
import com.vendhub.realtime.schema.validation.ValidationLimits;
import com.vendhub.realtime.schema.validation.ValidationResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 10, "Prove it holds": any payload a device may send, as mutations of a valid reading (control
 * characters, unpaired surrogates and any Unicode in texts, extreme and malformed dates in every time
 * field, extreme and overflowing numbers, huge strings, wrong types, missing fields), either is stored
 * or becomes a dead letter, and the batch writer settles each within a bound: it never stalls. Runs
 * the real validator, the real writer and the real dead-letter writer against the embedded PostgreSQL,
 * with a fixed seed and a bounded number of tries.
 */
class TelemetryWriteFuzzTest {

    private static final Instant NOW = Instant.now();
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final WireJson JSON = new WireJson();
    private static final ObjectWriter ESCAPED =
            WireJson.newObjectMapper().writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

    private static EmbeddedPostgres postgres;
    private static DataSource db;
    private static TelemetryBatchWriter writer;
    private static SerialWriter events;
    private static DeadLetterWriter deadLetters;
    // Container-wide fixtures (jqwik creates them once per class): the writer's settled readings.
    private static final Set<String> settled = ConcurrentHashMap.newKeySet();

    private static final TelemetryValidator VALIDATOR =
            new TelemetryValidator(ValidationLimits.defaults(), Clock.systemUTC());

    @BeforeContainer
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setPort(0).start();
        db = postgres.getPostgresDatabase();
        DatabaseMigrations.migrate(db);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        events = new SerialWriter("events", db, 10_000, 10_000, Duration.ofMillis(200), Duration.ofSeconds(5),
                metrics);
        // The per-client dead-letter budget is not what this test is about: high enough never to bind.
        deadLetters = new DeadLetterWriter(events, DeadLetterWriter.DEFAULT_MAX_STORED_PAYLOAD_BYTES, 1_000_000,
                new LogThrottle(TimeUnit.SECONDS.toNanos(10), System::nanoTime), System::nanoTime, metrics);
        writer = new TelemetryBatchWriter(db, new BatchSettings(10_000, 100, Duration.ofMillis(5),
                Duration.ofMillis(200), Duration.ZERO), JSON, Clock.systemUTC(), metrics,
                committed -> committed.forEach((m, list) -> list.forEach(ts -> settled.add(m + "|" + ts))),
                new MemoryReadingQueue(10_000, metrics),
                (r, reason) -> {
                    deadLetters.reject("fuzz", r.telemetry().machineId().toString(), RejectReason.DATABASE_REFUSED,
                            reason, JSON.encode(r.telemetry()), r.receivedAt());
                    settled.add(r.telemetry().machineId() + "|" + r.telemetry().timestamp());
                });
        events.start();
        writer.start();
    }

    @AfterContainer
    static void stop() throws Exception {
        if (db != null) {
            System.out.printf("telemetry fuzz: %d readings stored, %d dead letters%n",
                    count("SELECT count(*) FROM telemetry"), count("SELECT count(*) FROM dead_letters"));
        }
        if (writer != null) {
            writer.close();
        }
        if (events != null) {
            events.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** One change to a valid reading, with a description for the failure report. */
    record Mutation(String what, Consumer<ObjectNode> change) {
        @Override
        public String toString() {
            return what;
        }
    }

    @Property(tries = 300, seed = "20261207", shrinking = ShrinkingMode.OFF)
    void anyPayloadIsStoredOrDeadLetteredAndTheWriterNeverStalls(
            @ForAll("mutations") List<Mutation> mutations) throws Exception {
        long storedBefore = count("SELECT count(*) FROM telemetry");
        long deadBefore = count("SELECT count(*) FROM dead_letters");
        UUID machine = UUID.randomUUID();
        ObjectNode node = valid(machine);
        mutations.forEach(m -> m.change().accept(node));
        byte[] payload;
        try {
            payload = JSON.encode(node);
        } catch (RuntimeException unpairedSurrogate) {
            // Raw UTF-8 cannot carry half a surrogate pair; a device can still send one as a JSON escape.
            payload = ESCAPED.writeValueAsBytes(node);
        }
        ValidationResult<MachineTelemetry> result = VALIDATOR.validateTelemetry(machine, payload);
        if (result instanceof ValidationResult.Rejected<MachineTelemetry> r) {
            assertThat(r.detail()).isNotBlank().doesNotContain("\u0000");
            deadLetters.reject("fuzz", machine.toString(), r.reason(), r.detail(), payload, Instant.now());
        } else {
            MachineTelemetry t = ((ValidationResult.Accepted<MachineTelemetry>) result).value();
            assertThat(writer.offer(t, Instant.now())).isTrue();
            String key = t.machineId() + "|" + t.timestamp();
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (!settled.contains(key)) {
                assertThat(System.nanoTime()).as("the writer settled %s within %s", mutations, SETTLE)
                        .isLessThan(deadline);
                Thread.sleep(2);
            }
        }
        // Stored, or a dead letter that reaches its table too (its text is storable): exactly one of them.
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (count("SELECT count(*) FROM telemetry") + count("SELECT count(*) FROM dead_letters")
                != storedBefore + deadBefore + 1) {
            assertThat(System.nanoTime()).as("stored or dead-lettered: %s", mutations).isLessThan(deadline);
            Thread.sleep(2);
        }
        assertThat(writer.stalledFor()).isLessThan(SETTLE);
    }

    /**
     * The writer on its own, validation bypassed: batches in which any reading may carry what the
     * database refuses (NUL in any text, times outside its range or beyond {@code java.sql.Timestamp}).
     * Every reading is settled, stored or refused, each refused one has the database's reason, and the
     * stored ones are exactly the ones without poison.
     */
    @Property(tries = 40, seed = "20261208", shrinking = ShrinkingMode.OFF)
    void batchesWithReadingsTheDatabaseRefusesAreSettledReadingByReading(
            @ForAll("poisonedBatches") List<Poisoned> batch) throws Exception {
        long storedBefore = count("SELECT count(*) FROM telemetry");
        long deadBefore = count("SELECT count(*) FROM dead_letters");
        for (Poisoned p : batch) {
            assertThat(writer.offer(p.reading(), Instant.now())).isTrue();
        }
        long deadline = System.nanoTime() + SETTLE.toNanos();
        for (Poisoned p : batch) {
            String key = p.reading().machineId() + "|" + p.reading().timestamp();
            while (!settled.contains(key)) {
                assertThat(System.nanoTime()).as("the writer settled %s within %s", p, SETTLE).isLessThan(deadline);
                Thread.sleep(2);
            }
        }
        long clean = batch.stream().filter(p -> p.poison().isEmpty()).count();
        assertThat(count("SELECT count(*) FROM telemetry") - storedBefore).isEqualTo(clean);
        while (count("SELECT count(*) FROM dead_letters") != deadBefore + batch.size() - clean) {
            assertThat(System.nanoTime()).as("dead letters of %s stored", batch).isLessThan(deadline);
            Thread.sleep(2);
        }
        for (Poisoned p : batch) {
            if (!p.poison().isEmpty()) {
                assertThat(count("SELECT count(*) FROM dead_letters WHERE reason = 'database_refused' AND client_id = '"
                        + p.reading().machineId() + "' AND detail LIKE 'SQL state 22%'")).as(p.toString()).isEqualTo(1);
            }
        }
    }

    /** A reading, and what poison it carries ("" for none). */
    record Poisoned(MachineTelemetry reading, String poison) {
        @Override
        public String toString() {
            return poison.isEmpty() ? "clean" : poison;
        }
    }

    @Provide
    Arbitrary<List<Poisoned>> poisonedBatches() {
        Arbitrary<String> poison = Arbitraries.of("", "", "", "nul-name", "nul-code", "nul-message", "year-0",
                "negative-year", "year-10000", "occurred-max", "last-sale-min", "occurred-294277");
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(20)
                .map(t -> t.replace("\u0000", "").chars().filter(c -> !Character.isSurrogate((char) c))
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
        return Combinators.combine(poison, text).as(TelemetryWriteFuzzTest::poisoned).list().ofMinSize(1).ofMaxSize(30);
    }

    private static Poisoned poisoned(String poison, String text) {
        UUID m = UUID.randomUUID();
        Instant ts = NOW.minusSeconds(60);
        String name = "x" + text;
        String code = "E" + text;
        String message = text;
        Instant lastSale = ts;
        Instant occurredAt = ts;
        switch (poison) {
            case "nul-name" -> name = "a\u0000" + text;
            case "nul-code" -> code = text + "\u0000";
            case "nul-message" -> message = "\u0000";
            case "year-0" -> ts = Instant.parse("0000-03-01T00:00:00Z");
            case "negative-year" -> ts = Instant.parse("-0044-03-15T12:00:00Z");
            case "year-10000" -> lastSale = Instant.parse("+10000-01-01T00:00:00Z");
            case "occurred-max" -> occurredAt = Instant.MAX;
            case "last-sale-min" -> lastSale = Instant.MIN;
            case "occurred-294277" -> occurredAt = Instant.parse("+294277-01-01T00:00:00Z");
            default -> { }
        }
        MachineTelemetry t = new MachineTelemetry(m, ts, com.vendhub.realtime.schema.model.MachineStatus.ONLINE, 4.5,
                40, List.of(new com.vendhub.realtime.schema.model.BunkerLevel(UUID.randomUUID(), UUID.randomUUID(),
                        name, 10, 100, 10, true)),
                List.of(new com.vendhub.realtime.schema.model.MachineError(code, message,
                        com.vendhub.realtime.schema.model.ErrorSeverity.ERROR, occurredAt)), lastSale, 1);
        return new Poisoned(t, poison);
    }

    private static long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static ObjectNode valid(UUID machine) {
        ObjectNode root = JSON.mapper().createObjectNode();
        String ts = NOW.minusSeconds(60).toString();
        root.put("machineId", machine.toString());
        root.put("timestamp", ts);
        root.put("status", "online");
        root.put("temperature", 6.5);
        root.put("humidity", 45.2);
        ObjectNode b = root.putArray("bunkers").addObject();
        b.put("bunkerId", "0f0e0d0c-0b0a-4908-8706-050403020100");
        b.put("ingredientId", "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d");
        b.put("ingredientName", "Coffee beans");
        b.put("currentLevel", 150);
        b.put("maxLevel", 1000);
        b.put("percentage", 15);
        b.put("lowLevelAlert", true);
        ObjectNode e = root.putArray("errors").addObject();
        e.put("code", "E42");
        e.put("message", "Grinder jammed");
        e.put("severity", "critical");
        e.put("occurredAt", ts);
        root.put("lastSale", ts);
        root.put("uptime", 86400);
        return root;
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Arbitraries.oneOf(texts(), times(), numbers(), shapes()).list().ofMinSize(0).ofMaxSize(4);
    }

    private static Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u00a0').ofMinLength(1).ofMaxLength(10),
                Arbitraries.strings().withCharRange('\ud800', '\udfff').ofMinLength(1).ofMaxLength(4),
                Arbitraries.of("Кофе", "咖啡", "\ud83d\ude00☕", "a\u0000b", "\u202eevil", "\\N", "\\.", "\t\n\r",
                        "'; DROP TABLE telemetry; --", "\ufeff", "\uffff"),
                Arbitraries.strings().alpha().ofMinLength(1000).ofMaxLength(3000),
                Arbitraries.strings().withChars('\ud83d').ofLength(1).map(s -> "x".repeat(1023) + s));
    }

    private static Arbitrary<Mutation> texts() {
        Arbitrary<String> field = Arbitraries.of("bunkers.ingredientName", "errors.code", "errors.message");
        return Combinators.combine(field, hostileText()).as((f, v) -> new Mutation(f + "=" + escape(v), n -> {
            String[] path = f.split("\\.");
            first(n, path[0], o -> o.put(path[1], v));
        }));
    }

    private static Arbitrary<String> hostileTime() {
        DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-999_999_999, 999_999_999)
                        .map(y -> LocalDateTime.of(y, 6, 15, 12, 0).atOffset(ZoneOffset.UTC).format(iso)),
                Arbitraries.integers().between(-5, 10_005)
                        .map(y -> LocalDateTime.of(y, 1, 1, 0, 0).atOffset(ZoneOffset.UTC).format(iso)),
                Arbitraries.longs().between(-400L * 86_400, 20 * 60).map(s -> NOW.plusSeconds(s).toString()),
                Arbitraries.of("0000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
                        "1970-01-01T00:00:00Z", "2000-01-01T00:00:00Z", "1999-12-31T23:59:59.999999999Z",
                        "+294277-01-01T00:00:00Z", "-4714-11-24T00:00:00Z", "2026-02-30T00:00:00Z",
                        "2026-06-01T24:00:00Z", "2026-06-01T12:00:00+18:00", "2026-06-01T12:00:00-18:00",
                        "2026-06-01T12:00:00", "2026-06-01", "now", ""),
                Arbitraries.strings().all().ofMaxLength(30));
    }

    private static Arbitrary<Mutation> times() {
        Arbitrary<String> field = Arbitraries.of("timestamp", "lastSale", "errors.occurredAt");
        return Combinators.combine(field, hostileTime()).as((f, v) -> new Mutation(f + "=" + escape(v), n -> {
            if (f.startsWith("errors.")) {
                first(n, "errors", o -> o.put("occurredAt", v));
            } else {
                n.put(f, v);
            }
        }));
    }

    private static Arbitrary<Mutation> numbers() {
        Arbitrary<String> field = Arbitraries.of("temperature", "humidity", "uptime", "bunkers.currentLevel",
                "bunkers.maxLevel");
        Arbitrary<BigDecimal> value = Arbitraries.oneOf(
                Arbitraries.of(Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 0.0, -0.0, 1e-320, 1e308, -1.0,
                        100.0, 100.0000001, -60.0, 150.0).map(BigDecimal::new),
                Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("-1e400"), new BigDecimal("1e-400"),
                        new BigDecimal(BigInteger.TWO.pow(70)), new BigDecimal(Long.MAX_VALUE),
                        new BigDecimal("9223372036854775808")),
                Arbitraries.doubles().map(BigDecimal::valueOf),
                Arbitraries.longs().map(BigDecimal::valueOf));
        return Combinators.combine(field, value).as((f, v) -> new Mutation(f + "=" + v, n -> {
            if (f.startsWith("bunkers.")) {
                first(n, "bunkers", o -> o.put(f.substring("bunkers.".length()), v));
            } else {
                n.put(f, v);
            }
        }));
    }

    private static Arbitrary<Mutation> shapes() {
        return Arbitraries.of(
                new Mutation("no machineId", n -> n.remove("machineId")),
                new Mutation("status ONLINE", n -> n.put("status", "ONLINE")),
                new Mutation("bunkers null", n -> n.putNull("bunkers")),
                new Mutation("errors an object", n -> n.putObject("errors")),
                new Mutation("lastSale null", n -> n.putNull("lastSale")),
                new Mutation("no lastSale", n -> n.remove("lastSale")),
                new Mutation("timestamp a number", n -> n.put("timestamp", 1_764_000_000)),
                new Mutation("uptime text", n -> n.put("uptime", "3600")),
                new Mutation("bunker twice", n -> first(n, "bunkers", b -> ((ArrayNode) n.get("bunkers")).add(b.deepCopy()))),
                new Mutation("64 errors", n -> first(n, "errors", e0 -> {
                    for (int i = 0; i < 63; i++) {
                        ((ArrayNode) n.get("errors")).add(e0.deepCopy().put("code", "E" + i));
                    }
                })),
                new Mutation("65 errors", n -> first(n, "errors", e0 -> {
                    for (int i = 0; i < 64; i++) {
                        ((ArrayNode) n.get("errors")).add(e0.deepCopy());
                    }
                })),
                new Mutation("same error twice", n -> first(n, "errors", e -> ((ArrayNode) n.get("errors")).add(e.deepCopy()))),
                new Mutation("no errors", n -> n.putArray("errors")),
                new Mutation("no bunkers", n -> n.putArray("bunkers")),
                new Mutation("severity fatal", n -> first(n, "errors", e -> e.put("severity", "fatal"))),
                new Mutation("extra field", n -> n.put("extra\u0000", "\u0000")));
    }

    /** Applies {@code change} to the first entry of {@code array} when an earlier mutation left one. */
    private static void first(ObjectNode root, String array, Consumer<ObjectNode> change) {
        if (root.get(array) instanceof ArrayNode a && a.size() > 0 && a.get(0) instanceof ObjectNode o) {
            change.accept(o);
        }
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : (s.length() > 60 ? s.substring(0, 60) + "…(" + s.length() + ")" : s).toCharArray()) {
            b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
