package com.vendhub.realtime.sim.model;

import com.vendhub.realtime.schema.model.ErrorSeverity;
import com.vendhub.realtime.schema.model.MachineError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The machine's active faults. A fault is raised at a random moment, stays active for a random
 * while and is listed, with its original {@code occurredAt}, in every reading until it clears,
 * as a controller's fault table would; at most one fault per code is active.
 */
final class FaultBoard {

    private static final double SECONDS_PER_DAY = 86_400.0;

    private final MachineKind kind;
    private final ModelSettings settings;
    private final List<Active> active = new ArrayList<>();

    FaultBoard(MachineKind kind, ModelSettings settings) {
        this.kind = kind;
        this.settings = settings;
    }

    /** Clears faults that have run their course by {@code now}, then maybe raises new ones within (now - seconds, now]. */
    void advance(Instant now, double seconds, RandomGenerator random) {
        active.removeIf(a -> !a.clearsAt.isAfter(now));
        if (seconds <= 0) {
            return;
        }
        maybeRaise(ErrorSeverity.WARNING, settings.warningsPerDay(), now, seconds, random);
        maybeRaise(ErrorSeverity.ERROR, settings.errorsPerDay(), now, seconds, random);
        maybeRaise(ErrorSeverity.CRITICAL, settings.criticalsPerDay(), now, seconds, random);
    }

    boolean hasCritical() {
        return active.stream().anyMatch(a -> a.fault.severity() == ErrorSeverity.CRITICAL);
    }

    List<MachineError> errors() {
        return active.stream()
                .sorted(Comparator.comparing((Active a) -> a.occurredAt).thenComparing(a -> a.fault.code()))
                .map(a -> new MachineError(a.fault.code(), a.fault.message(), a.fault.severity(), a.occurredAt))
                .toList();
    }

    private void maybeRaise(ErrorSeverity severity, double perDay, Instant now, double seconds, RandomGenerator random) {
        // Always draw, even at a zero rate, so one severity's rate never shifts another's random sequence.
        double p = 1.0 - Math.exp(-perDay * seconds / SECONDS_PER_DAY);
        double roll = random.nextDouble();
        double when = random.nextDouble();
        double lasts = random.nextExponential();
        int pick = random.nextInt(Integer.MAX_VALUE);
        if (roll >= p) {
            return;
        }
        List<FaultCode> candidates = Catalog.faults(kind, severity).stream()
                .filter(f -> active.stream().noneMatch(a -> a.fault.code().equals(f.code())))
                .toList();
        if (candidates.isEmpty()) {
            return;
        }
        FaultCode fault = candidates.get(pick % candidates.size());
        Instant occurredAt = now.minusMillis((long) (when * seconds * 1000.0));
        Duration lifetime = Duration.ofMillis(Math.max(1000L, (long) (lasts * settings.meanFaultDuration().toMillis())));
        // A fault that came and went between two readings is still reported once, as a fault log would.
        Instant clearsAt = max(occurredAt.plus(lifetime), now.plusMillis(1));
        active.add(new Active(fault, occurredAt, clearsAt));
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private record Active(FaultCode fault, Instant occurredAt, Instant clearsAt) {
    }
}
