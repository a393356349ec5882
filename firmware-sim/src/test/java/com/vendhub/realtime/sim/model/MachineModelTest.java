package com.vendhub.realtime.sim.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.model.BunkerLevel;
import com.vendhub.realtime.schema.model.ErrorSeverity;
import com.vendhub.realtime.schema.model.MachineError;
import com.vendhub.realtime.schema.model.MachineStatus;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import com.vendhub.realtime.schema.validation.TelemetryValidator;
import com.vendhub.realtime.schema.validation.ValidationLimits;
import com.vendhub.realtime.schema.validation.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class MachineModelTest {

    /** Midnight, local time of the machines in these tests. */
    private static final Instant MIDNIGHT = Instant.parse("2025-03-03T00:00:00Z");
    private static final ZoneId ZONE = ZoneOffset.UTC;
    private static final WireJson JSON = new WireJson();

    @Test
    void theSameSeedAndTimesGiveTheSameMessagesByteForByte() {
        assertThat(messages(42, 7, 500)).isEqualTo(messages(42, 7, 500));
    }

    @Test
    void anotherSeedOrAnotherMachineGivesOtherMessages() {
        List<String> reference = messages(42, 7, 200);
        assertThat(messages(43, 7, 200)).isNotEqualTo(reference);
        assertThat(messages(42, 8, 200)).isNotEqualTo(reference);
    }

    @Test
    void bunkerAndIngredientIdsAreStableForASeedAndIngredientsShareIdsAcrossTheFleet() {
        List<UUID> first = bunkerIds(new MachineModel(id(3), 42, 3, ZONE, ModelSettings.defaults()).next(MIDNIGHT));
        List<UUID> again = bunkerIds(new MachineModel(id(3), 42, 3, ZONE, ModelSettings.defaults()).next(MIDNIGHT.plusSeconds(999)));
        List<UUID> otherSeed = bunkerIds(new MachineModel(id(3), 43, 3, ZONE, ModelSettings.defaults()).next(MIDNIGHT));
        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).doesNotContainAnyElementsOf(first);

        Map<String, Set<UUID>> idsByIngredient = new HashMap<>();
        Set<UUID> allBunkers = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            for (BunkerLevel b : new MachineModel(id(i), 42, i, ZONE, ModelSettings.defaults()).next(MIDNIGHT).bunkers()) {
                idsByIngredient.computeIfAbsent(b.ingredientName(), k -> new HashSet<>()).add(b.ingredientId());
                assertThat(allBunkers.add(b.bunkerId())).as("bunker ids are unique fleet-wide").isTrue();
            }
        }
        idsByIngredient.forEach((name, ids) -> assertThat(ids).as(name).hasSize(1));
    }

    @Test
    void aSimulatedDayStaysWithinTheContractAndPassesTheServersValidation() {
        Instant end = MIDNIGHT.plus(Duration.ofDays(2));
        TelemetryValidator validator = new TelemetryValidator(ValidationLimits.defaults(), Clock.fixed(end, ZONE));
        Set<MachineKind> kinds = EnumSet.noneOf(MachineKind.class);
        for (int i = 0; i < 20; i++) {
            MachineModel model = new MachineModel(id(i), 42, i, ZONE, ModelSettings.defaults().withFaultRates(20, 10, 5));
            kinds.add(model.kind());
            long lastUptime = -1;
            for (Instant now = MIDNIGHT; now.isBefore(end); now = now.plusSeconds(120)) {
                MachineTelemetry t = model.next(now);
                assertThat(t.machineId()).isEqualTo(id(i));
                assertThat(t.timestamp()).isEqualTo(now);
                assertThat(t.humidity()).isBetween(30.0, 70.0);
                if (model.kind() == MachineKind.COFFEE) {
                    assertThat(t.temperature()).isBetween(20.0, 30.0);
                } else {
                    // The 3..8 °C sawtooth plus sensor noise.
                    assertThat(t.temperature()).isBetween(2.0, 9.0);
                }
                assertThat(t.bunkers()).hasSizeBetween(4, 6);
                for (BunkerLevel b : t.bunkers()) {
                    assertThat(b.maxLevel()).isPositive();
                    assertThat(b.currentLevel()).isBetween(0.0, b.maxLevel());
                    assertThat(b.percentage()).isBetween(0.0, 100.0)
                            .isCloseTo(b.currentLevel() / b.maxLevel() * 100.0, Offset.offset(0.01));
                    assertThat(b.lowLevelAlert()).isEqualTo(b.percentage() < 20.0);
                    if (model.kind() == MachineKind.SNACK || b.ingredientName().equals("Cups")) {
                        assertThat(b.currentLevel() % 1.0).as("counted in whole units").isZero();
                    }
                }
                assertThat(t.uptime()).isGreaterThanOrEqualTo(Math.max(0, lastUptime));
                lastUptime = t.uptime();
                assertThat(t.lastSale()).isNotNull().isBeforeOrEqualTo(now);
                for (MachineError e : t.errors()) {
                    assertThat(e.occurredAt()).isBeforeOrEqualTo(now);
                    assertThat(e.code()).isNotBlank();
                }
                byte[] wire = JSON.encode(t);
                ValidationResult<MachineTelemetry> checked = validator.validateTelemetry(id(i), wire);
                assertThat(checked).as(new String(wire, StandardCharsets.UTF_8)).isInstanceOf(ValidationResult.Accepted.class);
                // The device computes percentage and alert exactly as the server recomputes them.
                assertThat(((ValidationResult.Accepted<MachineTelemetry>) checked).value().bunkers()).isEqualTo(t.bunkers());
            }
        }
        assertThat(kinds).containsExactlyInAnyOrder(MachineKind.COFFEE, MachineKind.SNACK);
    }

    @Test
    void bunkersDrainFarMoreAtPeakHoursThanAtNight() {
        double peak = 0;
        double night = 0;
        for (int i = 0; i < 50; i++) {
            MachineModel model = new MachineModel(id(i), 42, i, ZONE, ModelSettings.defaults());
            Map<UUID, Double> previous = levels(model.next(MIDNIGHT));
            for (Instant now = MIDNIGHT.plusSeconds(60); now.isBefore(MIDNIGHT.plus(Duration.ofDays(3))); now = now.plusSeconds(60)) {
                Map<UUID, Double> current = levels(model.next(now));
                double drained = 0;
                for (Map.Entry<UUID, Double> e : current.entrySet()) {
                    // Percent points, so hoppers in grams and spirals in units count alike; refills are not sales.
                    drained += Math.max(0, previous.get(e.getKey()) - e.getValue());
                }
                int hour = now.minusSeconds(1).atZone(ZONE).getHour();
                if (hour == 8 || hour == 9) {
                    peak += drained;
                } else if (hour == 2 || hour == 3) {
                    night += drained;
                }
                previous = current;
            }
        }
        assertThat(peak).isPositive();
        assertThat(peak).isGreaterThan(5 * night);
    }

    @Test
    void lowBunkersGetRefilledDuringAMaintenanceVisit() {
        int refills = 0;
        Set<MachineStatus> statuses = EnumSet.noneOf(MachineStatus.class);
        for (int i = 0; i < 20; i++) {
            MachineModel model = new MachineModel(id(i), 42, i, ZONE, ModelSettings.defaults().withFaultRates(0, 0, 0));
            Map<UUID, Double> previous = levels(model.next(MIDNIGHT));
            for (Instant now = MIDNIGHT.plusSeconds(300); now.isBefore(MIDNIGHT.plus(Duration.ofDays(4))); now = now.plusSeconds(300)) {
                MachineTelemetry t = model.next(now);
                statuses.add(t.status());
                Map<UUID, Double> current = levels(t);
                for (Map.Entry<UUID, Double> e : current.entrySet()) {
                    if (e.getValue() > previous.get(e.getKey()) + 1e-9) {
                        refills++;
                        // Topped up to 90..100 %, less what sold in the rest of that step.
                        assertThat(e.getValue()).as("a refill tops up").isGreaterThanOrEqualTo(75.0);
                    }
                }
                previous = current;
            }
        }
        assertThat(refills).isGreaterThan(0);
        assertThat(statuses).contains(MachineStatus.ONLINE, MachineStatus.MAINTENANCE).doesNotContain(MachineStatus.ERROR);
    }

    @Test
    void faultsOfEverySeverityAppearAtTheirRatesAndCriticalOnesPutTheMachineInError() {
        Set<ErrorSeverity> seen = EnumSet.noneOf(ErrorSeverity.class);
        boolean errorStatusWithCritical = false;
        MachineModel model = new MachineModel(id(1), 42, 1, ZONE, ModelSettings.defaults().withFaultRates(24, 24, 24));
        for (Instant now = MIDNIGHT; now.isBefore(MIDNIGHT.plus(Duration.ofDays(2))); now = now.plusSeconds(60)) {
            MachineTelemetry t = model.next(now);
            t.errors().forEach(e -> seen.add(e.severity()));
            boolean critical = t.errors().stream().anyMatch(e -> e.severity() == ErrorSeverity.CRITICAL);
            assertThat(t.status() == MachineStatus.ERROR).isEqualTo(critical);
            errorStatusWithCritical |= critical;
            assertThat(t.errors().stream().map(MachineError::code).distinct().count()).isEqualTo(t.errors().size());
        }
        assertThat(seen).containsExactlyInAnyOrder(ErrorSeverity.values());
        assertThat(errorStatusWithCritical).isTrue();

        MachineModel quiet = new MachineModel(id(1), 42, 1, ZONE, ModelSettings.defaults().withFaultRates(0, 0, 0));
        for (Instant now = MIDNIGHT; now.isBefore(MIDNIGHT.plus(Duration.ofDays(2))); now = now.plusSeconds(60)) {
            assertThat(quiet.next(now).errors()).isEmpty();
        }
    }

    @Test
    void aClockGoingBackwardsOrJumpingFarAheadKeepsTheReadingsSane() {
        MachineModel model = MachineModel.withDefaults(id(5), 42, 5, ZONE);
        MachineTelemetry first = model.next(MIDNIGHT.plusSeconds(3600));
        MachineTelemetry back = model.next(MIDNIGHT);
        assertThat(back.uptime()).isGreaterThanOrEqualTo(first.uptime());
        assertThat(levels(back)).isEqualTo(levels(first));

        MachineTelemetry later = model.next(MIDNIGHT.plus(Duration.ofDays(365)));
        assertThat(later.uptime()).isGreaterThanOrEqualTo(first.uptime() + Duration.ofDays(364).toSeconds());
        later.bunkers().forEach(b -> assertThat(b.currentLevel()).isGreaterThanOrEqualTo(0.0));
    }

    @Test
    void theFirstReadingOfAFleetAlreadyLooksLived() {
        List<Double> fills = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            MachineTelemetry t = MachineModel.withDefaults(id(i), 42, i, ZONE).next(MIDNIGHT);
            assertThat(t.uptime()).isGreaterThanOrEqualTo(0);
            assertThat(t.lastSale()).isBeforeOrEqualTo(MIDNIGHT);
            t.bunkers().forEach(b -> fills.add(b.percentage()));
        }
        assertThat(fills.stream().distinct().count()).as("not every bunker starts full").isGreaterThan(10);
    }

    private static List<String> messages(long seed, int index, int steps) {
        MachineModel model = new MachineModel(id(index), seed, index, ZONE, ModelSettings.defaults().withFaultRates(20, 10, 5));
        List<String> out = new ArrayList<>(steps);
        Instant now = MIDNIGHT.plusMillis(123);
        for (int i = 0; i < steps; i++) {
            out.add(new String(JSON.encode(model.next(now)), StandardCharsets.UTF_8));
            now = now.plusSeconds(300);
        }
        return out;
    }

    private static Map<UUID, Double> levels(MachineTelemetry t) {
        Map<UUID, Double> out = new HashMap<>();
        t.bunkers().forEach(b -> out.put(b.bunkerId(), b.percentage()));
        return out;
    }

    private static List<UUID> bunkerIds(MachineTelemetry t) {
        return t.bunkers().stream().map(BunkerLevel::bunkerId).toList();
    }

    private static UUID id(int i) {
        return UUID.nameUUIDFromBytes(("model-test-" + i).getBytes(StandardCharsets.UTF_8));
    }
}
