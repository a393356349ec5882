package com.vendhub.realtime.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The CONNECT rate: a burst of the per-minute rate, refilled over time, per source, in bounded memory. */
class ConnectRateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final ConnectRateLimiter limiter = new ConnectRateLimiter(6, 3, 1 << 20, now::get);

    @Test
    void aSourceGetsItsBurstThenOneAttemptPerTenSeconds() {
        for (int i = 0; i < 6; i++) {
            assertThat(limiter.tryAcquire("a")).isTrue();
        }
        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThat(limiter.tryAcquire("b")).as("another source is not affected").isTrue();
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
    }

    @Test
    void theTableOfSourcesStaysBounded() {
        for (int i = 0; i < 6; i++) {
            limiter.tryAcquire("a");
        }
        limiter.tryAcquire("b");
        limiter.tryAcquire("c");
        // A fourth source clears the table: memory stays bounded, "a" starts afresh.
        assertThat(limiter.tryAcquire("d")).isTrue();
        assertThat(limiter.tryAcquire("a")).isTrue();
    }

    @Test
    void theTableOfSourcesStaysBoundedInBytes() {
        String longId = "svc:" + "x".repeat(ClientIdForm.MAX_SERVICE_CLIENT_ID_LENGTH - 4);
        long oneEntry = ConnectRateLimiter.entryBytes(longId + "0");
        ConnectRateLimiter small = new ConnectRateLimiter(6, 1000, 2 * oneEntry, now::get);
        small.tryAcquire(longId + "1");
        small.tryAcquire(longId + "2");
        assertThat(small.bytes()).isEqualTo(2 * oneEntry);
        assertThat(small.clears()).isZero();
        small.tryAcquire(longId + "3");
        assertThat(small.clears()).isEqualTo(1);
        assertThat(small.sources()).isEqualTo(1);
        assertThat(small.bytes()).isEqualTo(oneEntry);
    }
}
