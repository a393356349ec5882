package com.vendhub.realtime.ingest;

import com.vendhub.realtime.ingest.alerts.InventoryAlerts;
import com.vendhub.realtime.ingest.state.LatestTelemetry;
import com.vendhub.realtime.ingest.status.StatusTracker;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.machines.MachineLiveState;
import com.vendhub.realtime.schema.model.MachineStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** This process's live view of its machines, for the fan-out's REST API: status, last seen, latest reading. */
final class IngestLiveState implements MachineLiveState {

    private final StatusTracker status;
    private final LatestTelemetry latest;
    private final InventoryAlerts alerts;
    private final WireJson json;

    IngestLiveState(StatusTracker status, LatestTelemetry latest, InventoryAlerts alerts, WireJson json) {
        this.status = status;
        this.latest = latest;
        this.alerts = alerts;
        this.json = json;
    }

    /** A machine not heard since this process started is offline until it speaks. */
    @Override
    public Optional<MachineStatus> status(UUID machineId) {
        return Optional.of(status.current(machineId).map(StatusTracker.Current::status).orElse(MachineStatus.OFFLINE));
    }

    @Override
    public Optional<Instant> lastSeen(UUID machineId) {
        return status.lastSeen(machineId);
    }

    /** With each bunker's {@code emptyAt} forecast where there is one; it only adds a field. */
    @Override
    public Optional<byte[]> latestTelemetryJson(UUID machineId) {
        return latest.get(machineId).map(alerts::withForecasts).map(json::encode);
    }
}
