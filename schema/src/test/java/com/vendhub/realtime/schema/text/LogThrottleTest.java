package com.vendhub.realtime.schema.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogThrottleTest {

    @Test
    void letsOneLinePerKeyAndIntervalThroughAndCountsTheRest() {
        AtomicLong now = new AtomicLong(0);
        LogThrottle throttle = new LogThrottle(1_000, now::get);

        assertThat(throttle.admit("a")).isZero();
        assertThat(throttle.admit("a")).isEqualTo(-1);
        assertThat(throttle.admit("a")).isEqualTo(-1);
        assertThat(throttle.admit("b")).isZero();
        now.set(1_000);
        assertThat(throttle.admit("a")).isEqualTo(2);
        assertThat(throttle.admit("a")).isEqualTo(-1);
    }
}
