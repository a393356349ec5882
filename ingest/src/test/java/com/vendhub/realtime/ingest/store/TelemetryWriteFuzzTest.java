package com.vendhub.realtime.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vendhub.realtime.ingest.deadletter.DeadLetterWriter;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.migration.DatabaseMigrations;
import com.vendhub.realtime.schema.model.BunkerLevel;
import com.vendhub.realtime.schema.model.ErrorSeverity;
import com.vendhub.realtime.schema.model.MachineError;
import com.vendhub.realtime.schema.model.MachineStatus;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import com.vendhub.realtime.schema.testing.fuzz.Fuzz;
import com.vendhub.realtime.schema.testing.fuzz.Gen;
import com.vendhub.realtime.schema.testing.fuzz.Gens;
import com.vendhub.realtime.schema.text.LogThrottle;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * docs/testing.md, "Fuzz tests": any payload a device may send, as mutations of a valid reading (control
 * characters, unpaired surrogates and any Unicode in texts, extreme and malformed dates in every time
 * field, extreme and overflowing numbers, huge strings, wrong types, missing fields), either is stored
 * or becomes a dead letter, and the batch writer settles each within a bound: it never stalls. Runs
 * the real validator, the real writer and the real dead-letter writer against the embedded PostgreSQL,
 * on the in-repo harness ({@link Fuzz}): fixed seed, bounded tries; a failure names the try's seed
 * ({@code -Dvendhub.fuzz.replay=...}). The class timeout only turns a hang into a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class TelemetryWriteFuzzTest {

    private static final Instant NOW = Instant.now();
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final WireJson JSON = new WireJson();
    private static final ObjectWriter ESCAPED =
            WireJson.newObjectMapper().writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);
    private static final TelemetryValidator VALIDATOR =
            new TelemetryValidator(ValidationLimits.defaults(), Clock.systemUTC());

    private EmbeddedPostgres postgres;
    private DataSource db;
    private TelemetryBatchWriter writer;
    private SerialWriter events;
    private DeadLetterWriter deadLetters;
    /** The test's own connection for its checks (a new connection per count would cost more than the try). */
    private Connection checks;
    /** The writer's settled readings (stored or refused), as "machine|timestamp", for the whole class. */
    private final Set<String> settled = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setPort(0).start();
        db = postgres.getPostgresDatabase();
        DatabaseMigrations.migrate(db);
        checks = db.getConnection();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        events = new SerialWriter("events", db, 10_000, 10_000, Duration.ofMillis(200), Duration.ofSeconds(5),
                metrics);
        // The per-client dead-letter budget is not what this test is about: high enough never to bind.
        deadLetters = new DeadLetterWriter(events, DeadLetterWriter.DEFAULT_MAX_STORED_PAYLOAD_BYTES, 1_000_000,
                new LogThrottle(TimeUnit.SECONDS.toNanos(10), System::nanoTime), System::nanoTime, metrics);
        writer = new TelemetryBatchWriter(db, BatchSettings.defaults().withQueueCapacity(10_000).withMaxBatch(100)
                .withMaxLinger(Duration.ofMillis(5)).withMaxBackoff(Duration.ofMillis(200)).withLatestWriteInterval(Duration.ZERO), JSON, Clock.systemUTC(), metrics,
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

    @AfterAll
    void stop() throws Exception {
        if (checks != null) {
            System.out.printf("telemetry fuzz: %d readings stored, %d dead letters%n",
                    count("SELECT count(*) FROM telemetry"), count("SELECT count(*) FROM dead_letters"));
        }
        if (writer != null) {
            writer.close();
        }
        if (events != null) {
            events.close();
        }
        if (checks != null) {
            checks.close();
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

    @Test
    void anyPayloadIsStoredOrDeadLetteredAndTheWriterNeverStalls() {
        Fuzz.forAll(300, listOf(oneOf(texts(), times(), numbers(), shapes()), 0, 4), this::storedOrDeadLettered);
    }

    private void storedOrDeadLettered(List<Mutation> mutations) throws Exception {
        long storedBefore = count("SELECT count(*) FROM telemetry");
        long deadBefore = count("SELECT count(*) FROM dead_letters");
        UUID machine = UUID.randomUUID();
        ObjectNode node = valid(machine);
        mutations.forEach(m -> m.change().accept(node));
        byte[] encoded;
        try {
            encoded = JSON.encode(node);
        } catch (RuntimeException unpairedSurrogate) {
            // Raw UTF-8 cannot carry half a surrogate pair; a device can still send one as a JSON escape.
            encoded = ESCAPED.writeValueAsBytes(node);
        }
        byte[] payload = encoded;
        // A validator that loops fails this try (named, replayable), not the whole class.
        ValidationResult<MachineTelemetry> result = assertTimeoutPreemptively(SETTLE,
                () -> VALIDATOR.validateTelemetry(machine, payload), () -> "validator looped on " + mutations);
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
    @Test
    void batchesWithReadingsTheDatabaseRefusesAreSettledReadingByReading() {
        Fuzz.forAll(40, listOf(TelemetryWriteFuzzTest::poisoned, 1, 30), this::settledReadingByReading);
    }

    private void settledReadingByReading(List<Poisoned> batch) throws Exception {
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

    /** One reading of a poisoned batch: clean a quarter of the time, texts without NUL or surrogates. */
    private static Poisoned poisoned(SplittableRandom r) {
        String poison = Gens.pick(r, "", "", "", "nul-name", "nul-code", "nul-message", "year-0",
                "negative-year", "year-10000", "occurred-max", "last-sale-min", "occurred-294277");
        String text = Gens.text(r, 20).replace("\u0000", "").chars().filter(c -> !Character.isSurrogate((char) c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
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
        MachineTelemetry t = new MachineTelemetry(m, ts, MachineStatus.ONLINE, 4.5, 40,
                List.of(new BunkerLevel(UUID.randomUUID(), UUID.randomUUID(), name, 10, 100, 10, true)),
                List.of(new MachineError(code, message, ErrorSeverity.ERROR, occurredAt)), lastSale, 1);
        return new Poisoned(t, poison);
    }

    private long count(String sql) throws Exception {
        try (Statement s = checks.createStatement(); ResultSet r = s.executeQuery(sql)) {
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

    // ---- generators -------------------------------------------------------------------------------

    /** One of {@code gens}, each equally likely. */
    @SafeVarargs
    private static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        return r -> gens[r.nextInt(gens.length)].next(r);
    }

    /** A list of {@code min..max} values of {@code gen}; the two sizes at the ends are favoured. */
    private static <T> Gen<List<T>> listOf(Gen<T> gen, int min, int max) {
        return r -> {
            int n = Gens.intBetween(r, min, max);
            List<T> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(gen.next(r));
            }
            return out;
        };
    }

    /** {@code min..max} UTF-16 units, each in {@code [from, to]}. */
    private static Gen<String> chars(char from, char to, int min, int max) {
        return r -> {
            int n = min + r.nextInt(max - min + 1);
            StringBuilder s = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                s.append((char) (from + r.nextInt(to - from + 1)));
            }
            return s.toString();
        };
    }

    /** A long in {@code [min, max]}, a third of the time one of the two ends. */
    private static long longBetween(SplittableRandom r, long min, long max) {
        return switch (r.nextInt(6)) {
            case 0 -> min;
            case 1 -> max;
            default -> r.nextLong(min, max + 1);
        };
    }

    /** Any finite double: edge values, any bit pattern (every magnitude), and "ordinary" two-decimal values. */
    private static double anyDouble(SplittableRandom r) {
        switch (r.nextInt(4)) {
            case 0:
                return Gens.pick(r, 0.0, -0.0, 0.01, -0.01, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE,
                        Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE);
            case 1:
                double d;
                do {
                    d = Double.longBitsToDouble(r.nextLong());
                } while (!Double.isFinite(d));
                return d;
            default:
                return Math.round((r.nextDouble() * 2 - 1) * Math.pow(10, r.nextInt(16)) * 100) / 100.0;
        }
    }

    private static long anyLong(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> Gens.pick(r, Long.MIN_VALUE, Long.MAX_VALUE, 0L, 1L, -1L, (long) Integer.MAX_VALUE + 1);
            case 1 -> r.nextLong(-1_000_000, 1_000_001);
            default -> r.nextLong();
        };
    }

    private static Gen<String> hostileText() {
        return oneOf(
                r -> Gens.text(r, 40),
                chars('\u0000', '\u00a0', 1, 10),
                chars('\ud800', '\udfff', 1, 4),
                r -> Gens.pick(r, "Кофе", "咖啡", "\ud83d\ude00☕", "a\u0000b", "\u202eevil", "\\N", "\\.", "\t\n\r",
                        "'; DROP TABLE telemetry; --", "\ufeff", "\uffff"),
                r -> {
                    StringBuilder s = new StringBuilder();
                    for (int i = 1000 + r.nextInt(2001); i > 0; i--) {
                        s.append((char) ((r.nextBoolean() ? 'a' : 'A') + r.nextInt(26)));
                    }
                    return s.toString();
                },
                r -> "x".repeat(1023) + "\ud83d");
    }

    private static Gen<Mutation> texts() {
        return r -> {
            String f = Gens.pick(r, "bunkers.ingredientName", "errors.code", "errors.message");
            String v = hostileText().next(r);
            String[] path = f.split("\\.");
            return new Mutation(f + "=" + shorten(v), n -> first(n, path[0], o -> o.put(path[1], v)));
        };
    }

    private static Gen<String> hostileTime() {
        DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        return oneOf(
                r -> LocalDateTime.of(Gens.intBetween(r, -999_999_999, 999_999_999), 6, 15, 12, 0)
                        .atOffset(ZoneOffset.UTC).format(iso),
                r -> LocalDateTime.of(Gens.intBetween(r, -5, 10_005), 1, 1, 0, 0).atOffset(ZoneOffset.UTC).format(iso),
                r -> NOW.plusSeconds(longBetween(r, -400L * 86_400, 20 * 60)).toString(),
                r -> Gens.pick(r, "0000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
                        "1970-01-01T00:00:00Z", "2000-01-01T00:00:00Z", "1999-12-31T23:59:59.999999999Z",
                        "+294277-01-01T00:00:00Z", "-4714-11-24T00:00:00Z", "2026-02-30T00:00:00Z",
                        "2026-06-01T24:00:00Z", "2026-06-01T12:00:00+18:00", "2026-06-01T12:00:00-18:00",
                        "2026-06-01T12:00:00", "2026-06-01", "now", ""),
                r -> Gens.text(r, 30));
    }

    private static Gen<Mutation> times() {
        return r -> {
            String f = Gens.pick(r, "timestamp", "lastSale", "errors.occurredAt");
            String v = hostileTime().next(r);
            return new Mutation(f + "=" + shorten(v), n -> {
                if (f.startsWith("errors.")) {
                    first(n, "errors", o -> o.put("occurredAt", v));
                } else {
                    n.put(f, v);
                }
            });
        };
    }

    private static Gen<Mutation> numbers() {
        Gen<BigDecimal> value = oneOf(
                r -> new BigDecimal(Gens.pick(r, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 0.0, -0.0,
                        1e-320, 1e308, -1.0, 100.0, 100.0000001, -60.0, 150.0)),
                r -> Gens.pick(r, new BigDecimal("1e400"), new BigDecimal("-1e400"), new BigDecimal("1e-400"),
                        new BigDecimal(BigInteger.TWO.pow(70)), new BigDecimal(Long.MAX_VALUE),
                        new BigDecimal("9223372036854775808")),
                r -> BigDecimal.valueOf(anyDouble(r)),
                r -> BigDecimal.valueOf(anyLong(r)));
        return r -> {
            String f = Gens.pick(r, "temperature", "humidity", "uptime", "bunkers.currentLevel", "bunkers.maxLevel");
            BigDecimal v = value.next(r);
            return new Mutation(f + "=" + v, n -> {
                if (f.startsWith("bunkers.")) {
                    first(n, "bunkers", o -> o.put(f.substring("bunkers.".length()), v));
                } else {
                    n.put(f, v);
                }
            });
        };
    }

    private static final List<Mutation> SHAPES = List.of(
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

    private static Gen<Mutation> shapes() {
        return r -> SHAPES.get(r.nextInt(SHAPES.size()));
    }

    /** Applies {@code change} to the first entry of {@code array} when an earlier mutation left one. */
    private static void first(ObjectNode root, String array, Consumer<ObjectNode> change) {
        if (root.get(array) instanceof ArrayNode a && a.size() > 0 && a.get(0) instanceof ObjectNode o) {
            change.accept(o);
        }
    }

    /** A value for a failure message: escaped ({@code \\uXXXX} outside printable ASCII), long ones cut. */
    private static String shorten(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : (s.length() > 60 ? s.substring(0, 60) + "...(" + s.length() + ")" : s).toCharArray()) {
            b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
