package com.vendhub.realtime.ingest.alerts;

import com.vendhub.realtime.ingest.forecast.BunkerSeries;
import com.vendhub.realtime.ingest.forecast.ForecastMetrics;
import com.vendhub.realtime.ingest.state.LatestTelemetry;
import com.vendhub.realtime.ingest.store.SerialWriter;
import com.vendhub.realtime.schema.events.EventNames;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.model.BunkerLevel;
import com.vendhub.realtime.schema.model.ErrorSeverity;
import com.vendhub.realtime.schema.model.InventoryAlert;
import com.vendhub.realtime.schema.model.MachineError;
import com.vendhub.realtime.schema.model.MachineErrorEvent;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import com.vendhub.realtime.schema.rooms.Room;
import com.vendhub.realtime.schema.text.LogThrottle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Low-level alerts, {@code emptyAt} forecasts and machine errors of every machine, judged on each
 * machine's newest reading on the thread that already handles it (the ingest hand-off, after
 * validation): per bunker a few comparisons and, once per forecast sample spacing, a fit over at
 * most {@link com.vendhub.realtime.ingest.forecast.ForecastSettings#maxSamples()} samples. Transitions
 * are rare; they are emitted at once and stored through the {@code events} writer, off this thread.
 * Thread-safe: each machine's state is guarded by its own monitor.
 */
public final class InventoryAlerts {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryAlerts.class);

    /** Bunkers tracked per machine; a device inventing new bunker ids cannot grow memory past it. */
    public static final int MAX_BUNKERS_PER_MACHINE = 64;
    /** Machines with an active alert whose stored levels warm the forecast at start (one indexed query each). */
    public static final int WARM_MAX_MACHINES = 1_000;

    /** What a newest reading produced: the telemetry with forecasts, and the alert events to publish after it. */
    public record Outcome(MachineTelemetry shown, List<RoomEvent> events) {
    }

    private final AlertSettings settings;
    private final AlertStore store;
    private final WireJson json;
    private final ForecastMetrics forecastMetrics;
    private final ConcurrentMap<UUID, MachineWatch> machines = new ConcurrentHashMap<>();
    private final AtomicLong active = new AtomicLong();
    private final Counter raised;
    private final Counter clearedRecovered;
    private final Counter clearedRefill;
    private final Counter errorsError;
    private final Counter errorsCritical;
    private final Counter bunkersRefused;

    /** One machine's watches; guarded by its own monitor. */
    private static final class MachineWatch {
        final Map<UUID, BunkerWatch> bunkers = new HashMap<>();
        Set<String> errorCodes = Set.of();
        Instant lastAt;
    }

    /** One bunker: its level window and its alert. */
    private static final class BunkerWatch {
        final BunkerSeries series;
        final LowLevelState state;
        Instant refreshedAt;

        BunkerWatch(BunkerSeries series, LowLevelState state) {
            this.series = series;
            this.state = state;
        }
    }

    public InventoryAlerts(AlertSettings settings, SerialWriter writer, WireJson json, MeterRegistry metrics) {
        this.settings = settings;
        this.store = new AlertStore(writer, new LogThrottle(TimeUnit.SECONDS.toNanos(10), System::nanoTime));
        this.json = json;
        this.forecastMetrics = new ForecastMetrics(metrics);
        this.raised = Counter.builder("vendhub.alerts.raised").tag("kind", "low_level")
                .description("Low-level alerts raised (inventory:low)").register(metrics);
        this.clearedRecovered = Counter.builder("vendhub.alerts.cleared").tag("kind", "low_level")
                .tag("reason", "recovered").description("Low-level alerts cleared (inventory:restored)")
                .register(metrics);
        this.clearedRefill = Counter.builder("vendhub.alerts.cleared").tag("kind", "low_level")
                .tag("reason", "refill").description("Low-level alerts cleared (inventory:restored)")
                .register(metrics);
        this.errorsError = Counter.builder("vendhub.machine.errors.emitted").tag("severity", "error")
                .description("machine:error events emitted").register(metrics);
        this.errorsCritical = Counter.builder("vendhub.machine.errors.emitted").tag("severity", "critical")
                .description("machine:error events emitted").register(metrics);
        this.bunkersRefused = Counter.builder("vendhub.alerts.bunkers.refused")
                .description("Bunkers not tracked because their machine already had "
                        + MAX_BUNKERS_PER_MACHINE + " tracked").register(metrics);
        Gauge.builder("vendhub.alerts.active", active, AtomicLong::get).tag("kind", "low_level")
                .description("Low-level alerts active now").register(metrics);
    }

    /**
     * Restores state at start: each bunker's newest stored alert (active ones stay active, and no
     * reading older than its last transition changes it), the active error codes of each machine's
     * latest reading, and the forecast windows of machines with an active alert from their stored levels.
     */
    public void load(DataSource dataSource, LatestTelemetry latest) throws SQLException {
        long started = System.nanoTime();
        List<AlertStore.Stored> stored = AlertStore.loadNewest(dataSource);
        Set<UUID> withActive = new HashSet<>();
        for (AlertStore.Stored s : stored) {
            MachineWatch m = machines.computeIfAbsent(s.machineId(), id -> new MachineWatch());
            LowLevelState state = s.clearedAt() == null
                    ? new LowLevelState(new LowLevelState.Active(s.raisedAt(), s.threshold()), s.raisedAt())
                    : new LowLevelState(null, s.clearedAt());
            m.bunkers.put(s.bunkerId(), new BunkerWatch(new BunkerSeries(settings.forecast(), forecastMetrics), state));
            if (s.clearedAt() == null) {
                active.incrementAndGet();
                withActive.add(s.machineId());
            }
        }
        latest.forEach(t -> {
            MachineWatch m = machines.computeIfAbsent(t.machineId(), id -> new MachineWatch());
            synchronized (m) {
                m.errorCodes = activeCodes(t.errors());
            }
        });
        int warmed = 0;
        for (UUID machineId : withActive) {
            if (warmed == WARM_MAX_MACHINES) {
                LOG.info("forecast warm-up stopped after {} machines; the others warm up as readings arrive", warmed);
                break;
            }
            var newest = latest.get(machineId);
            if (newest.isEmpty()) {
                continue;
            }
            MachineWatch m = machines.get(machineId);
            Instant since = newest.get().timestamp().minus(settings.forecast().window());
            synchronized (m) {
                AlertStore.levelsSince(dataSource, machineId, since, (bunkerId, at, level, max) -> {
                    BunkerWatch w = m.bunkers.get(bunkerId);
                    if (w != null) {
                        w.series.add(at, level, max);
                    }
                });
            }
            warmed++;
        }
        LOG.info("alerts loaded: {} bunkers with alert history, {} active, forecasts of {} machines warmed in {} ms",
                stored.size(), active.get(), warmed, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Judges a machine's newest reading (the caller has established that it is the newest); returns the
     * reading with its bunkers' forecasts and the alert events it raised, to publish after the telemetry.
     */
    public Outcome onNewest(UUID organizationId, MachineTelemetry t) {
        MachineWatch m = machines.computeIfAbsent(t.machineId(), id -> new MachineWatch());
        List<RoomEvent> out = null;
        List<BunkerLevel> shown = null;
        synchronized (m) {
            if (m.lastAt != null && !t.timestamp().isAfter(m.lastAt)) {
                return new Outcome(t, List.of());
            }
            m.lastAt = t.timestamp();
            List<BunkerLevel> bunkers = t.bunkers();
            for (int i = 0; i < bunkers.size(); i++) {
                BunkerLevel b = bunkers.get(i);
                BunkerWatch w = m.bunkers.get(b.bunkerId());
                if (w == null) {
                    if (m.bunkers.size() >= MAX_BUNKERS_PER_MACHINE) {
                        bunkersRefused.increment();
                        continue;
                    }
                    w = new BunkerWatch(new BunkerSeries(settings.forecast(), forecastMetrics), new LowLevelState());
                    m.bunkers.put(b.bunkerId(), w);
                }
                out = judge(organizationId, t, b, w, out);
                Instant emptyAt = w.series.emptyAt();
                if (emptyAt != null) {
                    if (shown == null) {
                        shown = new ArrayList<>(bunkers);
                    }
                    shown.set(i, b.withEmptyAt(emptyAt));
                }
            }
            if (m.bunkers.size() > bunkers.size()) {
                forgetAbsentBunkers(m, bunkers);
            }
            out = judgeErrors(organizationId, t, m, out);
        }
        MachineTelemetry decorated = shown == null ? t : withBunkers(t, shown);
        return new Outcome(decorated, out == null ? List.of() : out);
    }

    /** The reading with the current {@code emptyAt} of each bunker that has a forecast (for the REST latest state). */
    public MachineTelemetry withForecasts(MachineTelemetry t) {
        MachineWatch m = machines.get(t.machineId());
        if (m == null) {
            return t;
        }
        List<BunkerLevel> shown = null;
        synchronized (m) {
            for (int i = 0; i < t.bunkers().size(); i++) {
                BunkerLevel b = t.bunkers().get(i);
                BunkerWatch w = m.bunkers.get(b.bunkerId());
                Instant emptyAt = w == null ? null : w.series.emptyAt();
                if (emptyAt != null) {
                    if (shown == null) {
                        shown = new ArrayList<>(t.bunkers());
                    }
                    shown.set(i, b.withEmptyAt(emptyAt));
                }
            }
        }
        return shown == null ? t : withBunkers(t, shown);
    }

    /** Low-level alerts active now, in memory. */
    public long activeCount() {
        return active.get();
    }

    private List<RoomEvent> judge(UUID org, MachineTelemetry t, BunkerLevel b, BunkerWatch w, List<RoomEvent> out) {
        Instant at = t.timestamp();
        boolean refill = w.series.add(at, b.currentLevel(), b.maxLevel());
        LowLevelState.Active before = w.state.active();
        double threshold = settings.rules().thresholdFor(b.ingredientId(), b.ingredientName());
        AlertTransition transition = w.state.evaluate(at, b.percentage(), threshold, settings.hysteresis(), refill);
        switch (transition) {
            case RAISED -> {
                InventoryAlert alert = alert(t, b, threshold, at, w.series.emptyAt());
                raised.increment();
                active.incrementAndGet();
                w.refreshedAt = at;
                store.raise(org, alert);
                return emit(out, org, t, EventNames.INVENTORY_LOW, alert);
            }
            case CLEARED_RECOVERED, CLEARED_REFILL -> {
                InventoryAlert alert = alert(t, b, before.threshold(), before.raisedAt(), w.series.emptyAt());
                (transition == AlertTransition.CLEARED_REFILL ? clearedRefill : clearedRecovered).increment();
                active.decrementAndGet();
                w.refreshedAt = null;
                store.clear(alert, at, transition.reason());
                return emit(out, org, t, EventNames.INVENTORY_RESTORED, alert);
            }
            default -> {
                if (before != null && (w.refreshedAt == null
                        || !at.isBefore(w.refreshedAt.plus(settings.refreshInterval())))) {
                    w.refreshedAt = at;
                    store.refresh(t.machineId(), b.bunkerId(), b.currentLevel(), b.maxLevel(), b.percentage(),
                            w.series.emptyAt(), at);
                }
                return out;
            }
        }
    }

    private List<RoomEvent> judgeErrors(UUID org, MachineTelemetry t, MachineWatch m, List<RoomEvent> out) {
        Set<String> now = null;
        for (MachineError e : t.errors()) {
            if (e.severity() == ErrorSeverity.WARNING) {
                continue; // stored (telemetry batch), never pushed
            }
            if (now == null) {
                now = new HashSet<>();
            }
            // Once per occurrence: a code still present in the previous reading is the same occurrence.
            if (now.add(e.code()) && !m.errorCodes.contains(e.code())) {
                (e.severity() == ErrorSeverity.CRITICAL ? errorsCritical : errorsError).increment();
                out = emit(out, org, t, EventNames.MACHINE_ERROR,
                        new MachineErrorEvent(t.machineId(), e.code(), e.message(), e.severity(), e.occurredAt()));
            }
        }
        m.errorCodes = now == null ? Set.of() : now;
        return out;
    }

    private List<RoomEvent> emit(List<RoomEvent> out, UUID org, MachineTelemetry t, String event, Object payload) {
        List<RoomEvent> events = out == null ? new ArrayList<>(4) : out;
        byte[] encoded = json.encode(payload);
        events.add(new RoomEvent(org, Room.machine(t.machineId()), event, encoded));
        events.add(new RoomEvent(org, Room.org(org), event, encoded));
        return events;
    }

    private void forgetAbsentBunkers(MachineWatch m, List<BunkerLevel> present) {
        Set<UUID> ids = new HashSet<>();
        for (BunkerLevel b : present) {
            ids.add(b.bunkerId());
        }
        for (Iterator<Map.Entry<UUID, BunkerWatch>> it = m.bunkers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<UUID, BunkerWatch> e = it.next();
            // A bunker with an active alert stays: its alert must still clear when it comes back.
            if (!ids.contains(e.getKey()) && e.getValue().state.active() == null) {
                e.getValue().series.clear();
                it.remove();
            }
        }
    }

    private static Set<String> activeCodes(List<MachineError> errors) {
        Set<String> codes = new HashSet<>();
        for (MachineError e : errors) {
            if (e.severity() != ErrorSeverity.WARNING) {
                codes.add(e.code());
            }
        }
        return codes;
    }

    private static InventoryAlert alert(MachineTelemetry t, BunkerLevel b, double threshold, Instant raisedAt,
                                        Instant emptyAt) {
        return new InventoryAlert(t.machineId(), b.bunkerId(), b.ingredientId(), b.ingredientName(), b.currentLevel(),
                b.maxLevel(), b.percentage(), threshold, raisedAt, emptyAt);
    }

    private static MachineTelemetry withBunkers(MachineTelemetry t, List<BunkerLevel> bunkers) {
        return new MachineTelemetry(t.machineId(), t.timestamp(), t.status(), t.temperature(), t.humidity(), bunkers,
                t.errors(), t.lastSale(), t.uptime());
    }
}
