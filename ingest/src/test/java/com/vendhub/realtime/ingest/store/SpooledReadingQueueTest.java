package com.vendhub.realtime.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.ingest.spool.SpoolSettings;
import com.vendhub.realtime.ingest.spool.TelemetrySpool;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.model.MachineStatus;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpooledReadingQueueTest {

    private static final UUID MACHINE = UUID.fromString("5b0c4f0e-8d7a-4a53-9a57-1f2f3a4b5c6d");
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private final WireJson json = new WireJson();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @TempDir
    Path dir;

    private MachineTelemetry reading(int i) {
        return new MachineTelemetry(MACHINE, T0.plusSeconds(i), MachineStatus.ONLINE, 5.0, 40.0, List.of(), List.of(),
                null, i);
    }

    private SpooledReadingQueue queue(TelemetrySpool spool, int memory) {
        return new SpooledReadingQueue(spool, memory, (machine, payload) -> {
            try {
                return Optional.of(json.mapper().readValue(payload, MachineTelemetry.class));
            } catch (IOException e) {
                return Optional.empty();
            }
        }, metrics);
    }

    private TelemetrySpool spool() throws IOException {
        return TelemetrySpool.open(new SpoolSettings(dir, 1 << 20, 1 << 24, Duration.ofMillis(5)), 65536, metrics);
    }

    private static List<Instant> drainAll(SpooledReadingQueue q) throws InterruptedException {
        List<TelemetryBatchWriter.PendingReading> out = new ArrayList<>();
        while (q.drain(out, 3, TimeUnit.MILLISECONDS.toNanos(50)) > 0) {
            // keep draining
        }
        q.committed(out);
        return out.stream().map(r -> r.telemetry().timestamp()).toList();
    }

    @Test
    void pastTheMemoryBoundReadingsWaitOnDiskAndComeBackInArrivalOrder() throws Exception {
        try (TelemetrySpool spool = spool()) {
            SpooledReadingQueue q = queue(spool, 2);
            for (int i = 0; i < 7; i++) {
                assertThat(q.offer(reading(i), json.encode(reading(i)), T0)).isTrue();
            }
            assertThat(q.depth()).isEqualTo(2);
            assertThat(metrics.counter("vendhub.ingest.queue.overflow").count()).isEqualTo(5);
            assertThat(drainAll(q)).containsExactly(java.util.stream.IntStream.range(0, 7)
                    .mapToObj(T0::plusSeconds).toArray(Instant[]::new));
            // Caught up: memory is used again.
            q.offer(reading(7), json.encode(reading(7)), T0);
            assertThat(q.depth()).isEqualTo(1);
            assertThat(drainAll(q)).containsExactly(T0.plusSeconds(7));
        }
    }

    @Test
    void whatWasNotCommittedBeforeARestartIsDrainedAfterIt() throws Exception {
        TelemetrySpool first = spool();
        SpooledReadingQueue q = queue(first, 100);
        for (int i = 0; i < 5; i++) {
            q.offer(reading(i), json.encode(reading(i)), T0);
        }
        List<TelemetryBatchWriter.PendingReading> batch = new ArrayList<>();
        q.drain(batch, 2, 0);
        q.committed(batch);
        // The process dies here; a new one opens the same spool.
        try (TelemetrySpool second = spool()) {
            assertThat(drainAll(queue(second, 100))).containsExactly(T0.plusSeconds(2), T0.plusSeconds(3),
                    T0.plusSeconds(4));
        }
        first.close();
    }
}
