package com.vendhub.realtime.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.model.BunkerLevel;
import com.vendhub.realtime.schema.model.MachineStatus;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The two ways a batch reaches the tables: plain COPY, and the staging path when a reading is already stored. */
@ExtendWith(EmbeddedPostgresExtension.class)
class BatchWriteTest {

    private static final UUID MACHINE = UUID.randomUUID();
    private static final UUID BUNKER = UUID.randomUUID();
    private static final UUID INGREDIENT = UUID.randomUUID();
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00.123456Z");

    private static TelemetryBatchWriter.PendingReading reading(Instant ts, String ingredient) {
        BunkerLevel b = new BunkerLevel(BUNKER, INGREDIENT, ingredient, 100, 2000, 5, true);
        return new TelemetryBatchWriter.PendingReading(
                new MachineTelemetry(MACHINE, ts, MachineStatus.ONLINE, 4.5, 40, List.of(b), List.of(), null, 7), T0);
    }

    @Test
    void textWithCopysSpecialCharactersArrivesIntactAndDuplicatesMakeOneRow(TestDatabase db) throws Exception {
        String tricky = "Sugar\\brown\tfine\nline two\r";
        CopyText rows = new CopyText();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            // The same reading twice in one batch (a redelivery) goes to COPY once: no self-conflict.
            rows.format(List.of(reading(T0, tricky), reading(T0, tricky), reading(T0.plusSeconds(1), "Tea")));
            assertThat(rows.telemetryRows()).isEqualTo(2);
            new DirectCopy().write(c, rows);
            c.commit();
            // Once more in a later batch: the staging path skips the stored row.
            rows.format(List.of(reading(T0, tricky), reading(T0.plusSeconds(2), "Tea")));
            new StagedCopy().write(c, rows);
            c.commit();
        }
        assertThat(db.count("SELECT count(*) FROM telemetry")).isEqualTo(3);
        assertThat(db.count("SELECT count(*) FROM bunker_levels")).isEqualTo(3);
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT ingredient_name, ts FROM bunker_levels ORDER BY ts")) {
            r.next();
            assertThat(r.getString(1)).isEqualTo(tricky);
            assertThat(r.getTimestamp(2).toInstant()).isEqualTo(T0);
        }
    }

    @Test
    void aBatchHoldingAStoredReadingIsWrittenOnceThroughStagingAndEveryReadingIsAcknowledged(TestDatabase db)
            throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Map<Instant, Integer> acked = new ConcurrentHashMap<>();
        TelemetryBatchWriter writer = new TelemetryBatchWriter(db.dataSource(),
                BatchSettings.defaults().withQueueCapacity(1_000).withMaxBatch(100)
                        .withMaxLinger(Duration.ofMillis(50)).withMaxBackoff(Duration.ofMillis(100)), new WireJson(),
                Clock.systemUTC(), metrics,
                committed -> committed.get(MACHINE).forEach(ts -> acked.merge(ts, 1, Integer::sum)));
        writer.start();
        try {
            writer.offer(reading(T0, "Sugar").telemetry(), T0);
            await().atMost(Duration.ofSeconds(20)).until(() -> acked.containsKey(T0));
            // A redelivery of T0 together with two new readings: COPY conflicts, staging writes the new ones.
            writer.offer(reading(T0, "Sugar").telemetry(), T0);
            writer.offer(reading(T0.plusSeconds(1), "Sugar").telemetry(), T0);
            writer.offer(reading(T0.plusSeconds(2), "Sugar").telemetry(), T0);
            await().atMost(Duration.ofSeconds(20)).until(() -> acked.size() == 3 && acked.get(T0) == 2);
        } finally {
            writer.close();
        }
        assertThat(db.count("SELECT count(*) FROM telemetry")).isEqualTo(3);
        assertThat(db.count("SELECT count(*) FROM bunker_levels")).isEqualTo(3);
        assertThat(metrics.counter("vendhub.ingest.batch.redelivered").count()).isEqualTo(1);
        assertThat(metrics.counter("vendhub.ingest.readings.committed").count()).isEqualTo(4);
    }
}
