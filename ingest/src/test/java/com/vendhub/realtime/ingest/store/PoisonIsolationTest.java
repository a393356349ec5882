package com.vendhub.realtime.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vendhub.realtime.ingest.spool.SpoolRecord;
import com.vendhub.realtime.ingest.spool.SpoolSettings;
import com.vendhub.realtime.ingest.spool.TelemetrySpool;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.migration.DatabaseMigrations;
import com.vendhub.realtime.schema.model.BunkerLevel;
import com.vendhub.realtime.schema.model.ErrorSeverity;
import com.vendhub.realtime.schema.model.MachineError;
import com.vendhub.realtime.schema.model.MachineStatus;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * docs/architecture.md, "The telemetry writer isolates refused rows", at the writer itself, without validation in front of it: a reading the database
 * refuses for a data reason (a NUL, a date PostgreSQL has no room for, a constraint) is isolated from
 * its batch and handed over as refused with the database's reason, the rest of the batch commits and
 * is acknowledged, a refused {@code machine_latest} row costs only that copy, a poison record in the
 * spool does not block after a restart, and a database that is away is waited for, never blamed.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class PoisonIsolationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final UUID BUNKER = UUID.fromString("0f0e0d0c-0b0a-4908-8706-050403020100");
    private static final UUID INGREDIENT = UUID.fromString("1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d");

    private final WireJson json = new WireJson();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final Set<String> refusedKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();

    static MachineTelemetry reading(UUID machine, Instant ts, String ingredient, Instant lastSale,
            List<MachineError> errors, double temperature, long uptime) {
        BunkerLevel b = new BunkerLevel(BUNKER, INGREDIENT, ingredient, 500, 2000, 25, false);
        return new MachineTelemetry(machine, ts, MachineStatus.ONLINE, temperature, 40, List.of(b), errors, lastSale,
                uptime);
    }

    static MachineTelemetry good(UUID machine, Instant ts) {
        return reading(machine, ts, "Sugar", ts, List.of(new MachineError("E1", "jam", ErrorSeverity.WARNING, ts)), 4.5,
                60);
    }

    private static String key(UUID machine, Instant ts) {
        return machine + "|" + ts;
    }

    private TelemetryBatchWriter writer(javax.sql.DataSource ds, BatchSettings settings, ReadingQueue queue) {
        return new TelemetryBatchWriter(ds, settings, json, Clock.systemUTC(), metrics,
                committed -> committed.forEach((m, list) -> list.forEach(ts -> acked.add(key(m, ts)))), queue,
                (r, reason) -> {
                    refusals.add(reason);
                    refusedKeys.add(key(r.telemetry().machineId(), r.telemetry().timestamp()));
                });
    }

    /** A whole batch in one go: a long linger, so every offered reading lands in the same transaction. */
    private static BatchSettings oneBatch() {
        return BatchSettings.defaults().withQueueCapacity(10_000).withMaxBatch(1_000).withMaxLinger(Duration.ofMillis(500))
                .withMaxBackoff(Duration.ofMillis(200)).withLatestWriteInterval(Duration.ZERO);
    }

    @Test
    void readingsTheDatabaseRefusesAreIsolatedAndTheRestOfTheBatchIsStoredAndAcknowledged(TestDatabase db) {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        List<MachineTelemetry> goods = new ArrayList<>();
        List<MachineTelemetry> poisons = List.of(
                // NUL in text: COPY refuses it (22021); so does jsonb.
                reading(a, T0.plusSeconds(3), "Sug\u0000ar", null, List.of(), 4.5, 1),
                // Year 0 and year 10000: PostgreSQL has no such timestamptz (22008, 22007).
                reading(a, Instant.parse("0000-06-01T00:00:00Z"), "Sugar", null, List.of(), 4.5, 1),
                reading(b, T0.plusSeconds(4), "Sugar", Instant.parse("+10000-01-01T00:00:00Z"), List.of(), 4.5, 1),
                // Beyond what java.sql.Timestamp can even hold, and a NUL in an error code.
                reading(b, T0.plusSeconds(5), "Sugar", null,
                        List.of(new MachineError("E1", "jam", ErrorSeverity.ERROR, Instant.MAX)), 4.5, 1),
                reading(b, T0.plusSeconds(6), "Sugar", null,
                        List.of(new MachineError("E\u00001", "jam", ErrorSeverity.ERROR, T0)), 4.5, 1));
        for (int i = 0; i < 10; i++) {
            goods.add(good(i % 2 == 0 ? a : b, T0.plusSeconds(100 + i)));
        }
        TelemetryBatchWriter writer = writer(db.dataSource(), oneBatch(),
                new MemoryReadingQueue(10_000, metrics));
        writer.start();
        try {
            List<MachineTelemetry> all = new ArrayList<>(goods);
            all.addAll(3, poisons);
            for (MachineTelemetry t : all) {
                assertThat(writer.offer(t, T0)).isTrue();
            }
            await().atMost(WAIT).until(() -> refusedKeys.size() == poisons.size() && acked.size() == goods.size());
            assertThat(db.count("SELECT count(*) FROM telemetry")).isEqualTo(goods.size());
            assertThat(db.count("SELECT count(*) FROM bunker_levels")).isEqualTo(goods.size());
            assertThat(db.count("SELECT count(*) FROM machine_errors")).isEqualTo(goods.size());
            assertThat(acked).containsExactlyInAnyOrderElementsOf(
                    goods.stream().map(t -> key(t.machineId(), t.timestamp())).toList());
            assertThat(refusedKeys).containsExactlyInAnyOrderElementsOf(
                    poisons.stream().map(t -> key(t.machineId(), t.timestamp())).toList());
            assertThat(refusals).allSatisfy(r -> assertThat(r).matches("SQL state 22\\w{3}: .+"))
                    .anySatisfy(r -> assertThat(r).contains("22021"))
                    .anySatisfy(r -> assertThat(r).contains("22008"))
                    .noneSatisfy(r -> assertThat(r).contains("\u0000"));
            assertThat(metrics.counter("vendhub.ingest.readings.refused").count()).isEqualTo(poisons.size());
            assertThat(metrics.counter("vendhub.ingest.readings.committed").count()).isEqualTo(goods.size());
            assertThat(metrics.counter("vendhub.ingest.batch.isolations").count()).isPositive();
            assertThat(writer.committedReadings()).isEqualTo(goods.size());

            // The writer goes on: no stall, nothing retried.
            writer.offer(good(a, T0.plusSeconds(500)), T0);
            await().atMost(WAIT).until(() -> acked.contains(key(a, T0.plusSeconds(500))));
            assertThat(writer.stalledFor()).isEqualTo(Duration.ZERO);
            assertThat(metrics.counter("vendhub.ingest.db.errors").count()).isZero();
        } finally {
            writer.close();
        }
    }

    @Test
    void aConstraintValidationCannotForeseeIsolatesOnlyTheRowsItRefuses(TestDatabase db) {
        db.execute("ALTER TABLE telemetry ADD CONSTRAINT no_sixty_six CHECK (temperature <> 66.6)");
        UUID m = UUID.randomUUID();
        TelemetryBatchWriter writer = writer(db.dataSource(), oneBatch(), new MemoryReadingQueue(10_000, metrics));
        writer.start();
        try {
            for (int i = 0; i < 200; i++) {
                double temperature = i % 50 == 7 ? 66.6 : 4.5;
                writer.offer(reading(m, T0.plusSeconds(i), "Sugar", null, List.of(), temperature, i), T0);
            }
            await().atMost(WAIT).until(() -> refusedKeys.size() + acked.size() == 200);
            assertThat(refusedKeys).containsExactlyInAnyOrder(key(m, T0.plusSeconds(7)), key(m, T0.plusSeconds(57)),
                    key(m, T0.plusSeconds(107)), key(m, T0.plusSeconds(157)));
            assertThat(refusals).allSatisfy(r -> assertThat(r).startsWith("SQL state 23514: ")
                    .contains("no_sixty_six"));
            assertThat(db.count("SELECT count(*) FROM telemetry")).isEqualTo(196);
        } finally {
            writer.close();
        }
    }

    @Test
    void aRefusedMachineLatestRowCostsOnlyThatCopyNotTheReading(TestDatabase db) {
        db.execute("ALTER TABLE machine_latest ADD CONSTRAINT no_thirteen CHECK ((telemetry->>'uptime')::bigint <> 13)");
        UUID m = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        TelemetryBatchWriter writer = writer(db.dataSource(), oneBatch(), new MemoryReadingQueue(10_000, metrics));
        writer.start();
        try {
            writer.offer(reading(m, T0, "Sugar", null, List.of(), 4.5, 13), T0);
            writer.offer(good(other, T0), T0);
            await().atMost(WAIT).until(() -> acked.size() == 2);
            assertThat(refusedKeys).isEmpty();
            assertThat(db.count("SELECT count(*) FROM telemetry")).isEqualTo(2);
            await().atMost(WAIT).until(() -> metrics.counter("vendhub.ingest.latest.refused").count() == 1);
            await().atMost(WAIT).until(() ->
                    db.count("SELECT count(*) FROM machine_latest WHERE machine_id = '" + other + "'") == 1);
            // The machine's next reading brings its copy up to date.
            writer.offer(reading(m, T0.plusSeconds(1), "Sugar", null, List.of(), 4.5, 14), T0);
            await().atMost(WAIT).until(() ->
                    db.count("SELECT count(*) FROM machine_latest WHERE machine_id = '" + m + "'") == 1);
        } finally {
            writer.close();
        }
    }

    @Test
    void aPoisonRecordInTheSpoolDoesNotBlockAfterARestart(TestDatabase db, @TempDir Path dir) throws Exception {
        UUID m = UUID.randomUUID();
        SpoolSettings spoolSettings = new SpoolSettings(dir, 1 << 20, 1 << 24, Duration.ofMillis(5));
        MachineTelemetry poison = reading(m, T0.plusSeconds(1), "Sug\u0000ar", null, List.of(), 4.5, 1);
        // Before the "crash": three readings reached the spool, none the database.
        try (TelemetrySpool spool = TelemetrySpool.open(spoolSettings, 65536, metrics)) {
            spool.append(m, T0, json.encode(good(m, T0)));
            spool.append(m, T0, json.encode(poison));
            spool.append(m, T0, json.encode(good(m, T0.plusSeconds(2))));
            spool.syncNow();
            assertThat(spool.committedPosition()).isLessThan(spool.appendPosition());
        }
        // After the restart the writer replays the spool first, the poison among it; the decoder here
        // does not validate, as if validation had let the reading through.
        try (TelemetrySpool spool = TelemetrySpool.open(spoolSettings, 65536, metrics)) {
            SpooledReadingQueue queue = new SpooledReadingQueue(spool, 1_000, (machine, payload) -> {
                try {
                    return Optional.of(json.mapper().readValue(payload, MachineTelemetry.class));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }, metrics);
            TelemetryBatchWriter writer = writer(db.dataSource(), oneBatch(), queue);
            writer.start();
            try {
                await().atMost(WAIT).until(() -> acked.size() == 2 && refusedKeys.size() == 1);
                assertThat(refusedKeys).containsExactly(key(m, T0.plusSeconds(1)));
                // New readings are stored after it.
                writer.offer(good(m, T0.plusSeconds(3)), json.encode(good(m, T0.plusSeconds(3))), T0);
                await().atMost(WAIT).until(() -> acked.size() == 3);
            } finally {
                writer.close();
            }
        }
        assertThat(db.count("SELECT count(*) FROM telemetry")).isEqualTo(3);
        // And once more: the committed marker passed the poison, nothing is left to replay.
        try (TelemetrySpool spool = TelemetrySpool.open(spoolSettings, 65536, metrics)) {
            List<SpoolRecord> left = new ArrayList<>();
            spool.read(spool.committedPosition(), 10, left);
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aDatabaseThatIsAwayIsWaitedForAndNeverBlamedAndTheStallIsVisible(TestDatabase db) {
        // A database that does not exist yet answers 3D000 to every connection: not a data refusal.
        String name = "later_" + UUID.randomUUID().toString().replace("-", "");
        String url = db.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        PGSimpleDataSource later = new PGSimpleDataSource();
        later.setUrl(url);
        UUID m = UUID.randomUUID();
        TelemetryBatchWriter writer = writer(later, oneBatch(), new MemoryReadingQueue(10_000, metrics));
        writer.start();
        try {
            writer.offer(good(m, T0), T0);
            writer.offer(good(m, T0.plusSeconds(1)), T0);
            await().atMost(WAIT).until(() -> writer.stalledFor().compareTo(Duration.ofSeconds(1)) > 0
                    && metrics.counter("vendhub.ingest.db.errors").count() >= 3);
            assertThat(metrics.get("vendhub.ingest.commit.stalled.seconds").gauge().value()).isGreaterThan(1.0);
            assertThat(refusedKeys).isEmpty();
            assertThat(acked).isEmpty();

            db.execute("CREATE DATABASE " + name);
            DatabaseMigrations.migrate(later);
            await().atMost(WAIT).until(() -> acked.size() == 2);
            assertThat(refusedKeys).isEmpty();
            await().atMost(WAIT).until(() -> writer.stalledFor().isZero());
        } finally {
            writer.close();
            db.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
