package com.vendhub.realtime.broker.health;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the batch writer makes progress: down when readings have waited longer than {@link
 * ReadinessSettings#ingestStallAfter()} without a commit (or a dead-lettered refusal). Live events flow
 * whether or not anything is stored, so without this a writer stuck on a batch (a database that hangs,
 * refuses every write, or runs out of disk) would look ready until the spool was nearly full (docs/operations.md,
 * "Health"). The time comes from the writer ({@code vendhub_ingest_commit_stalled_seconds}).
 */
public final class IngestStallCheck {

    private static final Logger LOG = LoggerFactory.getLogger(IngestStallCheck.class);

    private final Supplier<Duration> stalledFor;
    private final Duration bound;
    private volatile boolean lastWasUp = true;

    /** {@code stalledFor}: how long readings have waited without progress (zero: none, or none waiting). */
    public IngestStallCheck(Supplier<Duration> stalledFor, ReadinessSettings settings) {
        this.stalledFor = Objects.requireNonNull(stalledFor, "stalledFor");
        this.bound = settings.ingestStallAfter();
    }

    public boolean up() {
        Duration stalled = stalledFor.get();
        boolean up = stalled.compareTo(bound) <= 0;
        // Logged on each change only.
        if (up != lastWasUp) {
            lastWasUp = up;
            if (up) {
                LOG.info("ingest commits again");
            } else {
                LOG.warn("ingest stalled: readings waited {} s without a commit (bound {})", stalled.toSeconds(), bound);
            }
        }
        return up;
    }
}
