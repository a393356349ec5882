package com.vendhub.realtime.schema.machines;

import java.util.Objects;

/** A machine just provisioned (or re-keyed) and its device token, which exists only in this value. */
public record ProvisionedMachine(MachineRecord machine, String deviceToken) {

    public ProvisionedMachine {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(deviceToken, "deviceToken");
    }

    /** Never the token: a value that reaches a log line must not carry the secret. */
    @Override
    public String toString() {
        return "ProvisionedMachine[id=" + machine.id() + ", name=" + machine.name() + ", organizationId="
                + machine.organizationId() + "]";
    }
}
