package com.vendhub.realtime.ingest.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LowLevelStateTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private final LowLevelState state = new LowLevelState();

    private AlertTransition at(int minute, double pct) {
        return at(minute, pct, false);
    }

    private AlertTransition at(int minute, double pct, boolean refill) {
        return state.evaluate(T0.plusSeconds(60L * minute), pct, 20.0, 5.0, refill);
    }

    @Test
    void raisesOnceBelowTheThresholdAndNotAtIt() {
        assertThat(at(0, 20.0)).isEqualTo(AlertTransition.NONE);
        assertThat(at(1, 19.99)).isEqualTo(AlertTransition.RAISED);
        assertThat(at(2, 15.0)).isEqualTo(AlertTransition.NONE);
        assertThat(at(3, 2.0)).isEqualTo(AlertTransition.NONE);
        assertThat(state.active().raisedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(state.active().threshold()).isEqualTo(20.0);
    }

    @Test
    void aLevelHoveringAroundTheThresholdDoesNotFlap() {
        assertThat(at(0, 19.0)).isEqualTo(AlertTransition.RAISED);
        assertThat(at(1, 21.0)).isEqualTo(AlertTransition.NONE);
        assertThat(at(2, 19.5)).isEqualTo(AlertTransition.NONE);
        assertThat(at(3, 24.99)).isEqualTo(AlertTransition.NONE);
        assertThat(at(4, 25.0)).isEqualTo(AlertTransition.CLEARED_RECOVERED);
        assertThat(at(5, 21.0)).isEqualTo(AlertTransition.NONE);
        assertThat(at(6, 19.0)).isEqualTo(AlertTransition.RAISED);
    }

    @Test
    void aRefillClearsBelowTheHysteresisBandButNotBelowTheThreshold() {
        assertThat(at(0, 10.0)).isEqualTo(AlertTransition.RAISED);
        assertThat(at(1, 18.0, true)).as("a refill that leaves it low").isEqualTo(AlertTransition.NONE);
        assertThat(at(2, 22.0, true)).isEqualTo(AlertTransition.CLEARED_REFILL);
        assertThat(state.active()).isNull();
    }

    @Test
    void lateAndRedeliveredReadingsChangeNothing() {
        assertThat(at(10, 10.0)).isEqualTo(AlertTransition.RAISED);
        assertThat(at(10, 10.0)).as("the same reading again").isEqualTo(AlertTransition.NONE);
        assertThat(at(5, 90.0)).as("an older reading that looks refilled").isEqualTo(AlertTransition.NONE);
        assertThat(at(20, 95.0, true)).isEqualTo(AlertTransition.CLEARED_REFILL);
        assertThat(at(15, 5.0)).as("a late reading must not re-raise what a newer one cleared")
                .isEqualTo(AlertTransition.NONE);
        assertThat(at(20, 5.0)).isEqualTo(AlertTransition.NONE);
        assertThat(at(21, 5.0)).isEqualTo(AlertTransition.RAISED);
    }

    @Test
    void anActiveAlertClearsAgainstTheThresholdItWasRaisedWith() {
        assertThat(state.evaluate(T0, 25.0, 30.0, 5.0, false)).isEqualTo(AlertTransition.RAISED);
        // The threshold in force dropped to 20 (settings changed); clearing still needs 30 + 5.
        assertThat(state.evaluate(T0.plusSeconds(1), 30.0, 20.0, 5.0, false)).isEqualTo(AlertTransition.NONE);
        assertThat(state.evaluate(T0.plusSeconds(2), 35.0, 20.0, 5.0, false))
                .isEqualTo(AlertTransition.CLEARED_RECOVERED);
    }

    @Test
    void aStateRestoredFromTheDatabaseKeepsItsAlertAndItsLastTransition() {
        LowLevelState restored = new LowLevelState(new LowLevelState.Active(T0, 20.0), T0);
        assertThat(restored.evaluate(T0, 10.0, 20.0, 5.0, false)).isEqualTo(AlertTransition.NONE);
        assertThat(restored.evaluate(T0.plusSeconds(1), 10.0, 20.0, 5.0, false)).isEqualTo(AlertTransition.NONE);
        LowLevelState cleared = new LowLevelState(null, T0);
        assertThat(cleared.evaluate(T0.minusSeconds(1), 10.0, 20.0, 5.0, false)).isEqualTo(AlertTransition.NONE);
        assertThat(cleared.evaluate(T0.plusSeconds(1), 10.0, 20.0, 5.0, false)).isEqualTo(AlertTransition.RAISED);
    }

    @Test
    void perIngredientThresholdsByIdOrByName() {
        UUID sugar = UUID.fromString("1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d");
        UUID milk = UUID.fromString("1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8e");
        LowLevelRules rules = new LowLevelRules(20.0, Map.ofEntries(
                LowLevelRules.parseOverride(sugar + "=35"),
                LowLevelRules.parseOverride(" Cups = 10 ")));
        assertThat(rules.thresholdFor(sugar, "Sugar")).isEqualTo(35.0);
        assertThat(rules.thresholdFor(UUID.randomUUID(), "cups")).isEqualTo(10.0);
        assertThat(rules.thresholdFor(milk, "Milk powder")).isEqualTo(20.0);

        LowLevelState s = new LowLevelState();
        assertThat(s.evaluate(T0, 30.0, rules.thresholdFor(sugar, "Sugar"), 5.0, false))
                .isEqualTo(AlertTransition.RAISED);
        assertThat(s.evaluate(T0.plusSeconds(1), 38.0, rules.thresholdFor(sugar, "Sugar"), 5.0, false))
                .isEqualTo(AlertTransition.NONE);
        assertThat(s.evaluate(T0.plusSeconds(2), 40.0, rules.thresholdFor(sugar, "Sugar"), 5.0, false))
                .isEqualTo(AlertTransition.CLEARED_RECOVERED);
    }

    @Test
    void badOverridesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> LowLevelRules.parseOverride("Sugar")).hasMessageContaining("expected");
        assertThatThrownBy(() -> LowLevelRules.parseOverride("=30")).hasMessageContaining("expected");
        assertThatThrownBy(() -> LowLevelRules.parseOverride("Sugar=lots")).hasMessageContaining("not a percentage");
        assertThatThrownBy(() -> LowLevelRules.parseOverride("Sugar=0")).hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> LowLevelRules.parseOverride("Sugar=101")).hasMessageContaining("(0, 100]");
    }
}
