package com.vendhub.realtime.sim.model;

import com.vendhub.realtime.schema.model.BunkerLevel;
import com.vendhub.realtime.schema.model.MachineStatus;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * One simulated vending machine's physics, advanced by {@link #next(Instant)} into the reading its
 * firmware would publish. Everything follows from (seed, machine index) and the instants passed in:
 * the same inputs give the same readings, byte for byte. Not thread-safe: one caller at a time.
 */
public final class MachineModel {

    /** Share of coffee machines in a fleet; the rest sell snacks. */
    static final double COFFEE_SHARE = 0.6;
    /** Longest a machine may have been running before the simulation starts. */
    static final Duration MAX_INITIAL_UPTIME = Duration.ofDays(30);
    /** Mean time since the last sale when the simulation starts. */
    static final Duration MEAN_TIME_SINCE_LAST_SALE = Duration.ofMinutes(30);
    /** A refill tops a bunker up to between this share of capacity and full. */
    static final double MIN_REFILL_FRACTION = 0.9;
    /** Bunkers start between this share of capacity and full, so a fleet is not uniformly full. */
    static final double MIN_INITIAL_FRACTION = 0.3;

    private final UUID machineId;
    private final ZoneId zone;
    private final ModelSettings settings;
    private final SplittableRandom random;
    private final MachineKind kind;
    private final List<Bunker> bunkers;
    private final List<Recipe> menu;
    private final DailyDemand demand;
    private final Climate climate;
    private final Humidity humidity;
    private final FaultBoard faults;
    private final long initialUptimeSeconds;

    private Instant bootedAt;
    private Instant lastStep;
    private Instant lastSale;
    private Instant visitEndsAt;
    private long lastUptime;

    /**
     * @param machineId    the id the readings carry (the device's identity; it does not influence the physics)
     * @param seed         the run's seed
     * @param machineIndex the machine's position in the fleet; with the seed it determines everything else
     * @param zone         the machine's local time zone, for the daily sales rhythm
     * @param settings     rates and bounds
     */
    public MachineModel(UUID machineId, long seed, int machineIndex, ZoneId zone, ModelSettings settings) {
        this.machineId = Objects.requireNonNull(machineId, "machineId");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.settings = Objects.requireNonNull(settings, "settings");
        SplittableRandom root = new SplittableRandom(Seeds.forMachine(seed, machineIndex, Seeds.PHYSICS));
        // Set-up draws come from their own stream so the step stream starts at the same point for every shape.
        SplittableRandom setup = root.split();
        this.random = root.split();

        this.kind = setup.nextDouble() < COFFEE_SHARE ? MachineKind.COFFEE : MachineKind.SNACK;
        this.bunkers = chooseBunkers(seed, machineIndex, setup);
        this.menu = Catalog.menu(kind, bunkers.stream().map(Bunker::name).toList());
        this.demand = new DailyDemand(settings, 0.5 + setup.nextDouble());
        this.climate = kind == MachineKind.COFFEE ? new CabinetDrift(setup) : new CompressorCycle(setup);
        this.humidity = new Humidity(setup);
        this.faults = new FaultBoard(kind, settings);
        this.initialUptimeSeconds = (long) (setup.nextDouble() * MAX_INITIAL_UPTIME.toSeconds());
    }

    /** A model with {@link ModelSettings#defaults()}. */
    public static MachineModel withDefaults(UUID machineId, long seed, int machineIndex, ZoneId zone) {
        return new MachineModel(machineId, seed, machineIndex, zone, ModelSettings.defaults());
    }

    public UUID machineId() {
        return machineId;
    }

    public MachineKind kind() {
        return kind;
    }

    /**
     * Advances the machine to {@code now} (at most {@link ModelSettings#maxStep()} past the previous
     * step; a clock going backwards advances nothing) and returns the reading it would publish.
     * The reading's timestamp is {@code now} truncated to milliseconds, as JavaScript dashboards keep it.
     */
    public MachineTelemetry next(Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        double seconds = secondsSinceLastStep(at);
        LocalTime localTime = at.atZone(zone).toLocalTime();

        climate.advance(seconds, localTime, random);
        humidity.advance(seconds, random);
        finishVisitIfDue(at);
        if (visitEndsAt == null) {
            sell(at, seconds);
            maybeStartVisit(at, seconds);
        }
        faults.advance(at, seconds, random);

        return new MachineTelemetry(machineId, at, status(), round1(climate.read(random)),
                round1(humidity.read(random)), readings(), faults.errors(), lastSale, uptime(at));
    }

    private double secondsSinceLastStep(Instant at) {
        if (lastStep == null) {
            bootedAt = at;
            lastStep = at;
            long sinceSale = (long) (random.nextExponential() * MEAN_TIME_SINCE_LAST_SALE.toMillis());
            lastSale = at.minusMillis(sinceSale);
            return 0.0;
        }
        if (!at.isAfter(lastStep)) {
            return 0.0;
        }
        Duration gap = Duration.between(lastStep, at);
        lastStep = at;
        Duration step = gap.compareTo(settings.maxStep()) > 0 ? settings.maxStep() : gap;
        return step.toMillis() / 1000.0;
    }

    private void sell(Instant at, double seconds) {
        if (seconds <= 0) {
            return;
        }
        // The rate at the middle of the step stands for the whole step; steps are short next to the day's rhythm.
        LocalTime middle = at.minusMillis((long) (seconds * 500.0)).atZone(zone).toLocalTime();
        double expected = demand.salesPerHour(middle) * seconds / 3600.0;
        int customers = poisson(expected);
        double latest = -1.0;
        for (int i = 0; i < customers; i++) {
            Recipe wanted = menu.get(random.nextInt(menu.size()));
            double when = random.nextDouble();
            if (canMake(wanted)) {
                wanted.uses().forEach((name, amount) -> bunker(name).take(amount));
                latest = Math.max(latest, when);
            }
        }
        if (latest >= 0.0) {
            Instant saleAt = at.minusMillis((long) ((1.0 - latest) * seconds * 1000.0));
            if (lastSale == null || saleAt.isAfter(lastSale)) {
                lastSale = saleAt;
            }
        }
    }

    private boolean canMake(Recipe recipe) {
        return recipe.uses().entrySet().stream().allMatch(e -> bunker(e.getKey()).has(e.getValue()));
    }

    private Bunker bunker(String name) {
        for (Bunker b : bunkers) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        throw new IllegalStateException("recipe uses " + name + ", which machine " + machineId + " does not carry");
    }

    private void maybeStartVisit(Instant at, double seconds) {
        double roll = random.nextDouble();
        double length = random.nextDouble();
        boolean needed = bunkers.stream().anyMatch(b -> b.percent() < settings.refillThresholdPercent());
        if (!needed || seconds <= 0) {
            return;
        }
        double p = 1.0 - Math.exp(-settings.refillVisitsPerHour() * seconds / 3600.0);
        if (roll < p) {
            // Half to one and a half times the mean visit.
            long millis = (long) (settings.refillVisitDuration().toMillis() * (0.5 + length));
            visitEndsAt = at.plusMillis(Math.max(1L, millis));
        }
    }

    private void finishVisitIfDue(Instant at) {
        if (visitEndsAt != null && !at.isBefore(visitEndsAt)) {
            for (Bunker b : bunkers) {
                b.refillTo(MIN_REFILL_FRACTION + (1.0 - MIN_REFILL_FRACTION) * random.nextDouble());
            }
            visitEndsAt = null;
        }
    }

    private MachineStatus status() {
        if (faults.hasCritical()) {
            return MachineStatus.ERROR;
        }
        return visitEndsAt != null ? MachineStatus.MAINTENANCE : MachineStatus.ONLINE;
    }

    private List<BunkerLevel> readings() {
        List<BunkerLevel> out = new ArrayList<>(bunkers.size());
        for (Bunker b : bunkers) {
            out.add(b.reading(settings.lowLevelPercent()));
        }
        return out;
    }

    private long uptime(Instant at) {
        // Never backwards, even when the clock is.
        long up = initialUptimeSeconds + Math.max(0L, Duration.between(bootedAt, at).toSeconds());
        lastUptime = Math.max(lastUptime, up);
        return lastUptime;
    }

    private int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30.0) {
            // Normal approximation; exact sampling would loop too long for very long steps.
            return (int) Math.max(0L, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    private List<Bunker> chooseBunkers(long seed, int machineIndex, SplittableRandom setup) {
        List<Ingredient> catalog = Catalog.ingredients(kind);
        int count = Catalog.MIN_BUNKERS + setup.nextInt(Catalog.MAX_BUNKERS - Catalog.MIN_BUNKERS + 1);
        List<Ingredient> chosen = new ArrayList<>(catalog.subList(0, Catalog.mandatory(kind)));
        List<Ingredient> optional = new ArrayList<>(catalog.subList(Catalog.mandatory(kind), catalog.size()));
        while (chosen.size() < count) {
            chosen.add(optional.remove(setup.nextInt(optional.size())));
        }
        List<Bunker> out = new ArrayList<>(chosen.size());
        for (int slot = 0; slot < chosen.size(); slot++) {
            Ingredient ingredient = chosen.get(slot);
            double fill = MIN_INITIAL_FRACTION + (1.0 - MIN_INITIAL_FRACTION) * setup.nextDouble();
            out.add(new Bunker(stableId(seed, "machine/" + machineIndex + "/bunker/" + slot),
                    stableId(seed, "ingredient/" + ingredient.name()), ingredient, ingredient.maxLevel() * fill));
        }
        return List.copyOf(out);
    }

    /** Name-based ids: the same seed names the same bunkers and ingredients on every run; one ingredient has one id fleet-wide. */
    private static UUID stableId(long seed, String name) {
        return UUID.nameUUIDFromBytes(("vendhub-sim/" + seed + "/" + name).getBytes(StandardCharsets.UTF_8));
    }

    private static double round1(double value) {
        return Math.round(value * 10.0) / 10.0;
    }
}
