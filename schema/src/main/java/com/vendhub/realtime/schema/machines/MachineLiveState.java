package com.vendhub.realtime.schema.machines;

import com.vendhub.realtime.schema.model.MachineStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What the ingesting process knows of a machine right now: its status, when it was last heard and
 * its latest reading. The fan-out's REST API shows it next to the {@link MachineRegistry}'s record;
 * ingest implements it, so neither module imports the other (as with {@code RoomEventSink}).
 */
public interface MachineLiveState {

    /**
     * A process that ingests nothing ({@code vendhub fanout}) knows nothing live; the state lives on
     * the ingesting nodes (docs/operations.md, "Scale-out: vendhub fanout and the event stream").
     */
    MachineLiveState NONE = new MachineLiveState() {
        @Override
        public Optional<MachineStatus> status(UUID machineId) {
            return Optional.empty();
        }

        @Override
        public Optional<Instant> lastSeen(UUID machineId) {
            return Optional.empty();
        }

        @Override
        public Optional<byte[]> latestTelemetryJson(UUID machineId) {
            return Optional.empty();
        }
    };

    /** Empty when this process does not track statuses. */
    Optional<MachineStatus> status(UUID machineId);

    /** Empty when the machine was never heard or this process does not track it. */
    Optional<Instant> lastSeen(UUID machineId);

    /** The latest {@code MachineTelemetry} of the machine, as JSON. */
    Optional<byte[]> latestTelemetryJson(UUID machineId);
}
