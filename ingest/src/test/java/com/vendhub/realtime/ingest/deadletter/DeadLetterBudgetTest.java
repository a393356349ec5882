package com.vendhub.realtime.ingest.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.ingest.deadletter.DeadLetterBudget.Admission;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Each client's dead letters per one-minute window, on a hand-moved clock. */
class DeadLetterBudgetTest {

    @Test
    void eachClientGetsItsBudgetPerMinuteAndTheWindowTurns() {
        AtomicLong now = new AtomicLong(1_000);
        DeadLetterBudget budget = new DeadLetterBudget(2, now::get);
        assertThat(budget.admit("a")).isEqualTo(Admission.STORE);
        assertThat(budget.admit("a")).isEqualTo(Admission.STORE);
        assertThat(budget.admit("a")).isEqualTo(Admission.FIRST_OVER);
        assertThat(budget.admit("a")).isEqualTo(Admission.OVER);
        // Another client has its own budget; clients without an id share one.
        assertThat(budget.admit("b")).isEqualTo(Admission.STORE);
        assertThat(budget.admit(null)).isEqualTo(Admission.STORE);
        assertThat(budget.admit(null)).isEqualTo(Admission.STORE);
        assertThat(budget.admit(null)).isEqualTo(Admission.FIRST_OVER);

        now.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertThat(budget.admit("a")).isEqualTo(Admission.OVER);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(budget.admit("a")).isEqualTo(Admission.STORE);
    }

    @Test
    void aBudgetOfZeroStoresNothing() {
        DeadLetterBudget budget = new DeadLetterBudget(0, () -> 0L);
        assertThat(budget.admit("a")).isEqualTo(Admission.FIRST_OVER);
        assertThat(budget.admit("a")).isEqualTo(Admission.OVER);
    }
}
