package com.vendhub.realtime.sim.offline;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * When one machine loses its link and for how long: a Poisson process at the configured rate,
 * drawn from the machine's own random stream, so a seed gives the same outages on every run.
 * Not thread-safe: the machine's reading loop is its only caller.
 */
public final class OfflineSchedule {

    private static final double SECONDS_PER_DAY = 86_400.0;

    private final OfflineSettings settings;
    private final SplittableRandom random;
    private Instant last;

    public OfflineSchedule(OfflineSettings settings, SplittableRandom random) {
        this.settings = settings;
        this.random = random;
    }

    /** Whether the link drops at {@code now}, and if so for how long; advances the process. */
    public Optional<Duration> dropAt(Instant now) {
        Instant previous = last;
        last = now;
        double roll = random.nextDouble();
        double length = random.nextExponential();
        if (previous == null || settings.dropsPerDay() == 0 || !now.isAfter(previous)) {
            return Optional.empty();
        }
        double seconds = Duration.between(previous, now).toMillis() / 1000.0;
        double p = 1.0 - Math.exp(-settings.dropsPerDay() * seconds / SECONDS_PER_DAY);
        if (roll >= p) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.max(1L, (long) (length * settings.meanOffline().toMillis()))));
    }
}
