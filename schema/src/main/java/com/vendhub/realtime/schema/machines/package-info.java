/**
 * The machine registry, shared by broker authentication, ingest and the fan-out: provisioned
 * machines ({@link com.vendhub.realtime.schema.machines.MachineRecord}) in the {@code machines}
 * table ({@link com.vendhub.realtime.schema.machines.MachineRepository}), read through {@link
 * com.vendhub.realtime.schema.machines.MachineRegistry}: cached where this process provisions
 * ({@link com.vendhub.realtime.schema.machines.MachineCatalog}), from the database on each call where
 * others do ({@link com.vendhub.realtime.schema.machines.DatabaseMachineRegistry}). Their live state
 * (status, latest reading) is ingest's and reaches the fan-out through {@link
 * com.vendhub.realtime.schema.machines.MachineLiveState}.
 *
 * <p>Device tokens: 256 random bits shown once; only their SHA-256 is stored (a fast hash is right
 * for high-entropy secrets) and compared in constant time ({@link
 * com.vendhub.realtime.schema.machines.DeviceTokens}).
 */
package com.vendhub.realtime.schema.machines;
