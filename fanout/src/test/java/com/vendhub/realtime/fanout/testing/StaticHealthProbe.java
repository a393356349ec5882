package com.vendhub.realtime.fanout.testing;

import com.vendhub.realtime.fanout.health.HealthProbe;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link HealthProbe} whose components a test sets. */
public final class StaticHealthProbe implements HealthProbe {

    private final Map<String, Boolean> components = new ConcurrentHashMap<>();

    public StaticHealthProbe set(String component, boolean up) {
        components.put(component, up);
        return this;
    }

    @Override
    public Map<String, Boolean> components() {
        return Map.copyOf(components);
    }
}
