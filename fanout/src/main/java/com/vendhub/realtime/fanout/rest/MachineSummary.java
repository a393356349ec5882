package com.vendhub.realtime.fanout.rest;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One machine as the live map lists it; {@code lat}, {@code lng}, {@code status} and {@code lastSeenAt} may be null. */
public record MachineSummary(UUID id, UUID organizationId, String name, Double lat, Double lng, String status,
        Instant lastSeenAt) {

    public MachineSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(name, "name");
    }
}
