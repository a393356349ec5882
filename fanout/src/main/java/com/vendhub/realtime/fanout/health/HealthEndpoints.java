package com.vendhub.realtime.fanout.health;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Computes liveness and readiness; a probe that throws counts as "down", never as an error page. */
public final class HealthEndpoints {

    private static final Logger log = LoggerFactory.getLogger(HealthEndpoints.class);

    private final HealthProbe probe;

    public HealthEndpoints(HealthProbe probe) {
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    /** Alive while the process answers and every liveness component of the probe is up. */
    public HealthReport live() {
        return report("liveness", probe::liveness);
    }

    public HealthReport ready() {
        return report("health", probe::components);
    }

    /** Up when every component is; a probe that throws is reported as its one failed component. */
    private static HealthReport report(String probeName, Supplier<Map<String, Boolean>> probe) {
        Map<String, Boolean> components;
        try {
            components = new TreeMap<>(probe.get());
        } catch (RuntimeException e) {
            log.warn("{} probe failed: {}", probeName, e.toString());
            return new HealthReport(false, Map.of("probe", false));
        }
        boolean up = components.values().stream().allMatch(Boolean.TRUE::equals);
        return new HealthReport(up, components);
    }
}
