/**
 * Ingest: takes what machines publish (from the embedded broker or an MQTT cluster), validates
 * it, keeps the latest state and status per machine, emits live events, and writes readings to
 * PostgreSQL in batches. It knows the fan-out only as a {@link
 * com.vendhub.realtime.schema.events.RoomEventSink}, and shows it the live state of machines as a
 * {@link com.vendhub.realtime.schema.machines.MachineLiveState}; the machines themselves are in
 * schema's registry ({@link com.vendhub.realtime.schema.machines.MachineCatalog}), which the process builds
 * and hands to the ingest service.
 */
package com.vendhub.realtime.ingest;
