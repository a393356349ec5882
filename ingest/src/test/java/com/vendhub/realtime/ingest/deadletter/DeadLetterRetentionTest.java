package com.vendhub.realtime.ingest.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Dead letters past the retention are deleted in bounded batches, the rest kept; zero keeps everything. */
@ExtendWith(EmbeddedPostgresExtension.class)
class DeadLetterRetentionTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static void insert(TestDatabase db, int rows, Duration age) {
        db.execute("INSERT INTO dead_letters (received_at, topic, client_id, reason, detail, payload_size, payload) "
                + "SELECT timestamptz '" + NOW.minus(age) + "', 't', 'c', 'not_json', 'd', 0, ''::bytea "
                + "FROM generate_series(1, " + rows + ")");
    }

    @Test
    void deadLettersOlderThanTheRetentionAreDeletedInBatchesAndTheRestKept(TestDatabase db) throws Exception {
        insert(db, 25, Duration.ofDays(8));
        insert(db, 3, Duration.ofDays(7).plusSeconds(1));
        insert(db, 4, Duration.ofDays(7).minusSeconds(1));
        insert(db, 6, Duration.ofMinutes(1));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (DeadLetterRetention retention = new DeadLetterRetention(db.dataSource(), Duration.ofDays(7), 10,
                Duration.ofHours(1), CLOCK, metrics)) {
            assertThat(retention.deleteExpired()).isEqualTo(28);
            assertThat(db.count("SELECT count(*) FROM dead_letters")).isEqualTo(10);
            assertThat(db.count("SELECT count(*) FROM dead_letters WHERE received_at < timestamptz '"
                    + NOW.minus(Duration.ofDays(7)) + "'")).isZero();
            assertThat(metrics.get("vendhub.ingest.deadletters.expired").counter().count()).isEqualTo(28);
            assertThat(retention.deleteExpired()).isZero();
        }
    }

    @Test
    void theScheduledRunDeletesAtStart(TestDatabase db) {
        insert(db, 5, Duration.ofDays(30));
        insert(db, 2, Duration.ofHours(1));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (DeadLetterRetention retention = new DeadLetterRetention(db.dataSource(), Duration.ofDays(7), 2,
                Duration.ofHours(1), CLOCK, metrics)) {
            retention.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM dead_letters") == 2);
            assertThat(metrics.get("vendhub.ingest.deadletters.expired").counter().count()).isEqualTo(5);
        }
    }

    @Test
    void aRetentionOfZeroKeepsEverything(TestDatabase db) throws Exception {
        insert(db, 5, Duration.ofDays(3650));
        try (DeadLetterRetention retention = new DeadLetterRetention(db.dataSource(), Duration.ZERO, 2,
                Duration.ofHours(1), CLOCK, new SimpleMeterRegistry())) {
            retention.start();
            assertThat(retention.deleteExpired()).isZero();
            assertThat(db.count("SELECT count(*) FROM dead_letters")).isEqualTo(5);
        }
    }
}
