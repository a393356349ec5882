package com.vendhub.realtime.fanout.health;

import java.util.Map;

/** A readiness answer: up when every component is up. */
public record HealthReport(boolean up, Map<String, Boolean> components) {

    public HealthReport {
        components = Map.copyOf(components);
    }

    public int httpStatus() {
        return up ? 200 : 503;
    }
}
