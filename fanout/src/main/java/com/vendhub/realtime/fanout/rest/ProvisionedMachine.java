package com.vendhub.realtime.fanout.rest;

import java.util.Objects;
import java.util.UUID;

/** A newly provisioned machine; {@code deviceToken} is shown this once and stored only as a hash. */
public record ProvisionedMachine(UUID id, String name, UUID organizationId, String deviceToken) {

    public ProvisionedMachine {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(deviceToken, "deviceToken");
    }

    @Override
    public String toString() {
        return "ProvisionedMachine[id=" + id + ", name=" + name + ", organizationId=" + organizationId + "]";
    }
}
