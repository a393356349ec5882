package com.vendhub.realtime.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vendhub.realtime.schema.migration.DatabaseMigrations;
import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The events writer against a real PostgreSQL: a row the database refuses is dropped and counted and
 * the queue goes on; an unreachable database is retried until it is back; important writes go first
 * and never wait behind a full bulk queue; close drains within its bound.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class SerialWriterTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Every test's first status time; the others follow it second by second. */
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    /** A writer backing off at most 200 ms between retries, so that the outage test stays short. */
    private static SerialWriter writer(DataSource dataSource, int importantCapacity, int bulkCapacity,
            Duration drainTimeout, SimpleMeterRegistry metrics) {
        return new SerialWriter("test", dataSource, importantCapacity, bulkCapacity, Duration.ofMillis(200),
                drainTimeout, metrics);
    }

    private static SerialWriter.Work status(UUID machine, Instant at) {
        return c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO machine_status_changes (machine_id, changed_at, status, source) VALUES (?, ?, ?, ?)")) {
                ps.setObject(1, machine);
                ps.setTimestamp(2, Timestamp.from(at));
                ps.setString(3, "online");
                ps.setString(4, "connected");
                ps.executeUpdate();
            }
        };
    }

    private static SerialWriter.Work deadLetter(String detail) {
        return c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letters "
                    + "(received_at, topic, client_id, reason, detail, payload_size, payload) "
                    + "VALUES (now(), 't', 'c', 'not_json', ?, 0, ''::bytea)")) {
                ps.setString(1, detail);
                ps.executeUpdate();
            }
        };
    }

    private static double counter(SimpleMeterRegistry metrics, String name, String lane) {
        var search = metrics.find(name);
        if (lane != null) {
            search = search.tag("lane", lane);
        }
        return search.counter() == null ? 0 : search.counter().count();
    }

    @Test
    void aRefusedRowIsDroppedAndCountedAndTheWritesAfterItAreStored(TestDatabase db) {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        SerialWriter writer = writer(db.dataSource(), 100, 100, Duration.ofSeconds(30), metrics);
        UUID machine = UUID.randomUUID();
        // 22021: PostgreSQL cannot store a NUL in text.
        writer.submit(SerialWriter.Lane.BULK, "dead letter with a NUL", deadLetter("ab\u0000cd"));
        writer.submit("status", status(machine, T0));
        // 23505: the same status row again, without ON CONFLICT.
        writer.submit("duplicate status", status(machine, T0));
        // 42P01: a malformed statement.
        writer.submit("no such table", c -> c.createStatement().execute("INSERT INTO no_such_table VALUES (1)"));
        writer.submit("status after", status(machine, T0.plusSeconds(1)));
        writer.submit(SerialWriter.Lane.BULK, "dead letter after", deadLetter("fine"));
        writer.start();
        try {
            await().atMost(WAIT).until(() -> db.count("SELECT count(*) FROM dead_letters") == 1
                    && db.count("SELECT count(*) FROM machine_status_changes") == 2);
            assertThat(counter(metrics, "vendhub.ingest.serial.refused", "important")).isEqualTo(2);
            assertThat(counter(metrics, "vendhub.ingest.serial.refused", "bulk")).isEqualTo(1);
            assertThat(counter(metrics, "vendhub.ingest.serial.db.errors", null)).isZero();
        } finally {
            writer.close();
        }
    }

    @Test
    void importantWritesGoFirstAndAFullBulkQueueRefusesOnlyBulkWrites(TestDatabase db) {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        SerialWriter writer = writer(db.dataSource(), 2, 3, Duration.ofSeconds(30), metrics);
        List<String> order = new CopyOnWriteArrayList<>();
        for (int i = 1; i <= 4; i++) {
            String name = "bulk" + i;
            boolean queued = writer.submit(SerialWriter.Lane.BULK, name, c -> order.add(name));
            assertThat(queued).isEqualTo(i <= 3);
        }
        assertThat(writer.submit("important1", c -> order.add("important1"))).isTrue();
        assertThat(writer.submit("important2", c -> order.add("important2"))).isTrue();
        assertThat(counter(metrics, "vendhub.ingest.serial.queue.full", "bulk")).isEqualTo(1);
        assertThat(counter(metrics, "vendhub.ingest.serial.queue.full", "important")).isZero();
        writer.start();
        try {
            await().atMost(WAIT).until(() -> order.size() == 5);
            assertThat(order).containsExactly("important1", "important2", "bulk1", "bulk2", "bulk3");
        } finally {
            writer.close();
        }
    }

    @Test
    void anUnreachableDatabaseIsRetriedUntilItIsBackAndCloseDrainsWithinItsBound(@TempDir Path pgData)
            throws Exception {
        int port = freePort();
        EmbeddedPostgres pg = start(pgData, port);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://localhost:" + port + "/postgres?user=postgres&connectTimeout=5");
        DatabaseMigrations.migrate(ds);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        SerialWriter writer = writer(ds, 100, 100, Duration.ofSeconds(30), metrics);
        writer.start();
        UUID machine = UUID.randomUUID();
        try {
            pg.close();
            for (int i = 0; i < 10; i++) {
                writer.submit("status " + i, status(machine, T0.plusSeconds(i)));
            }
            await().atMost(WAIT).until(() -> counter(metrics, "vendhub.ingest.serial.db.errors", null) >= 3);
            pg = start(pgData, port);
            await().atMost(WAIT).until(() -> count(ds, machine) == 10);
            assertThat(counter(metrics, "vendhub.ingest.serial.refused", "important")).isZero();

            // Down again at shutdown: close gives up after its bound and counts what it could not write.
            pg.close();
            for (int i = 10; i < 15; i++) {
                writer.submit("status " + i, status(machine, T0.plusSeconds(i)));
            }
            await().atMost(WAIT).until(() -> counter(metrics, "vendhub.ingest.serial.db.errors", null) >= 4);
            writer.close(Duration.ofMillis(500));
            assertThat(counter(metrics, "vendhub.ingest.serial.lost", null)).isEqualTo(5);
            assertThat(writer.submit("after close", status(machine, T0))).isFalse();
            pg = start(pgData, port);
            assertThat(count(ds, machine)).isEqualTo(10);
        } finally {
            writer.close(Duration.ZERO);
            pg.close();
        }
    }

    @Test
    void closeWritesWhatIsQueued(TestDatabase db) {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        SerialWriter writer = writer(db.dataSource(), 100, 100, Duration.ofSeconds(60), metrics);
        UUID machine = UUID.randomUUID();
        for (int i = 0; i < 50; i++) {
            writer.submit("status " + i, status(machine, T0.plusSeconds(i)));
            writer.submit(SerialWriter.Lane.BULK, "dead letter " + i, deadLetter("d" + i));
        }
        writer.start();
        writer.close();
        assertThat(db.count("SELECT count(*) FROM machine_status_changes WHERE machine_id = '" + machine + "'"))
                .isEqualTo(50);
        assertThat(db.count("SELECT count(*) FROM dead_letters")).isEqualTo(50);
        assertThat(counter(metrics, "vendhub.ingest.serial.lost", null)).isZero();
    }

    private static long count(DataSource ds, UUID machine) {
        return new TestDatabase("", ds).count(
                "SELECT count(*) FROM machine_status_changes WHERE machine_id = '" + machine + "'");
    }

    private static EmbeddedPostgres start(Path dir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
