package com.vendhub.realtime.ingest.ack;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Collects the (machine, timestamp) pairs of one committed batch, grouped per machine, in batch order. */
public final class CommittedReadings {

    private final Map<UUID, List<Instant>> byMachine = new HashMap<>();

    public void add(UUID machineId, Instant timestamp) {
        byMachine.computeIfAbsent(machineId, k -> new ArrayList<>(4)).add(timestamp);
    }

    public boolean isEmpty() {
        return byMachine.isEmpty();
    }

    /** The grouped timestamps; the map is handed over, so this collector must not be used afterwards. */
    public Map<UUID, List<Instant>> byMachine() {
        return byMachine;
    }
}
