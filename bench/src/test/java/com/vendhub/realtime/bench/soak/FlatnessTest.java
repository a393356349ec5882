package com.vendhub.realtime.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's definition of "flat": the last third's median against the second third's. */
class FlatnessTest {

    private static final Flatness THREADS = new Flatness("threads", 0.05, 2, 1, "");

    @Test
    void aSteadyFigureAfterWarmUpIsFlat() {
        Invariant v = THREADS.judge(samples(10, 30, 50, 50, 51, 50, 49, 50, 51, 50), Sample::threads);

        assertThat(v.passed()).as(v.detail()).isTrue();
        assertThat(v.detail()).contains("last third 50").contains("second third 50");
    }

    @Test
    void aFigureThatKeepsGrowingIsNot() {
        Invariant v = THREADS.judge(samples(50, 55, 60, 65, 70, 75, 80, 85, 90), Sample::threads);

        assertThat(v.passed()).as(v.detail()).isFalse();
    }

    @Test
    void goingDownIsFlat() {
        assertThat(THREADS.judge(samples(90, 90, 90, 80, 80, 80, 60, 60, 60), Sample::threads).passed()).isTrue();
    }

    @Test
    void tooFewSamplesIsAFailureNotAPass() {
        assertThat(THREADS.judge(samples(1, 1, 1), Sample::threads).passed()).isFalse();
    }

    @Test
    void unknownReadingsAreLeftOut() {
        Invariant v = new Flatness("heap", 0.1, 0, 1, "").judge(samples(-1, -1, 10, 10, 10, 10, 10, 10, 10), Sample::threads);

        assertThat(v.passed()).isTrue();
    }

    private static List<Sample> samples(long... threads) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < threads.length; i++) {
            out.add(new Sample(10L * i, 0, 0, threads[i], 0, 0, 0, 0, 0, 0, 0, 0, 0, 200, true));
        }
        return out;
    }
}
