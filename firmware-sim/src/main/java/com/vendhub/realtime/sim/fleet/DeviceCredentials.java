package com.vendhub.realtime.sim.fleet;

import java.util.Objects;
import java.util.UUID;

/** What one machine presents at CONNECT: its id (client id and username) and its device token (password). */
public record DeviceCredentials(UUID machineId, String token) {

    public DeviceCredentials {
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(token, "token");
        if (token.isEmpty()) {
            throw new IllegalArgumentException("device token of " + machineId + " is empty");
        }
    }

    /** Never prints the token: credentials end up in logs and test reports. */
    @Override
    public String toString() {
        return "DeviceCredentials[machineId=" + machineId + ", token=***]";
    }
}
