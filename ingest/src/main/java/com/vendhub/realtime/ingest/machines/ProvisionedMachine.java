package com.vendhub.realtime.ingest.machines;

/** A machine just provisioned (or re-keyed) and its device token, which exists only in this value. */
public record ProvisionedMachine(MachineRecord machine, String deviceToken) {
}
