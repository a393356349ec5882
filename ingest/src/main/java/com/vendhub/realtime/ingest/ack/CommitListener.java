package com.vendhub.realtime.ingest.ack;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Told, after a batch commits, the timestamps of each machine's readings in it, including
 * redeliveries the writer skipped as already stored: a republished reading already stored
 * must be acknowledged again so that the device's outbox empties (docs/contract.md, "Delivery
 * guarantees"). Implemented by the composition root (embedded broker or cluster worker).
 */
@FunctionalInterface
public interface CommitListener {

    /** A listener that acknowledges nothing. */
    CommitListener NONE = committed -> { };

    /**
     * Called on the writer thread right after a commit; must not block for long. An exception is
     * caught, logged and counted by the caller: the rows are committed either way.
     */
    void committed(Map<UUID, List<Instant>> timestampsByMachine);
}
