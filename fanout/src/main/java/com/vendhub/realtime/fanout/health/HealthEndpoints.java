package com.vendhub.realtime.fanout.health;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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
        Map<String, Boolean> components;
        try {
            components = new TreeMap<>(probe.liveness());
        } catch (RuntimeException e) {
            log.warn("liveness probe failed: {}", e.toString());
            return new HealthReport(false, Map.of("probe", false));
        }
        boolean up = components.values().stream().allMatch(Boolean.TRUE::equals);
        return new HealthReport(up, components);
    }

    public HealthReport ready() {
        Map<String, Boolean> components;
        try {
            components = new TreeMap<>(probe.components());
        } catch (RuntimeException e) {
            log.warn("health probe failed: {}", e.toString());
            return new HealthReport(false, Map.of("probe", false));
        }
        boolean up = components.values().stream().allMatch(Boolean.TRUE::equals);
        return new HealthReport(up, components);
    }
}
