package com.vendhub.realtime.sim.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckOutboxTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private final OutboxCounters counters = new OutboxCounters();
    private final AckOutbox outbox = new AckOutbox(new OutboxSettings(true, Duration.ofSeconds(5), 3, 2), counters);

    @Test
    void aReadingStaysUntilItsTimestampIsAcknowledged() {
        outbox.keep(T0, new byte[] {1});
        outbox.keep(T0.plusSeconds(1), new byte[] {2});
        assertThat(outbox.acknowledge(List.of(T0, T0.plusSeconds(99)))).isEqualTo(1);
        assertThat(outbox.size()).isEqualTo(1);
        assertThat(counters.snapshot(outbox.size()).acked()).isEqualTo(1);
    }

    @Test
    void aFullOutboxRefusesAndCounts() {
        for (int i = 0; i < 4; i++) {
            outbox.keep(T0.plusSeconds(i), new byte[0]);
        }
        assertThat(outbox.size()).isEqualTo(3);
        assertThat(counters.snapshot(3).refused()).isEqualTo(1);
    }

    @Test
    void onlyReadingsUnacknowledgedPastTheTimeoutAreDueOldestFirstAndAtMostARoundAtATime() {
        long now = 1_000_000_000L;
        AckOutbox.Entry a = outbox.keep(T0, new byte[0]);
        AckOutbox.Entry b = outbox.keep(T0.plusSeconds(1), new byte[0]);
        outbox.sent(a, now);
        outbox.sent(b, now);
        assertThat(outbox.dueForResend(now + Duration.ofSeconds(4).toNanos(), false)).isEmpty();
        outbox.keep(T0.plusSeconds(2), new byte[0]);
        assertThat(outbox.dueForResend(now + Duration.ofSeconds(4).toNanos(), false))
                .extracting(AckOutbox.Entry::timestamp).containsExactly(T0.plusSeconds(2));
        assertThat(outbox.dueForResend(now + Duration.ofSeconds(5).toNanos(), false))
                .extracting(AckOutbox.Entry::timestamp).containsExactly(T0, T0.plusSeconds(1));
        assertThat(outbox.dueForResend(now, true)).hasSize(2);
    }
}
