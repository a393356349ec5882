package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.ingest.store.BatchSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The write path's batching bounds (docs/architecture.md, "Bounds"), shared by {@code serve} and {@code ingest}. */
final class BatchOptions {

    private static final BatchSettings DEFAULTS = BatchSettings.defaults();

    @Option(names = "--ingest-queue-capacity",
            description = "Readings held in memory for the writer; beyond it they wait in the spool only (serve), "
                    + "or must hold --mqtt-receive-maximum (ingest).")
    int queueCapacity = DEFAULTS.queueCapacity();

    @Option(names = "--ingest-batch-size", description = "Readings per database transaction.")
    int batchSize = DEFAULTS.maxBatch();

    @Option(names = "--ingest-batch-linger", description = "Longest wait of a batch's first reading for company.")
    Duration batchLinger = DEFAULTS.maxLinger();

    @Option(names = "--ingest-ack-queue-batches",
            description = "Committed batches whose acknowledgements may wait for the commit-acks thread; past it "
                    + "the writer waits before its next transaction.")
    int ackQueueBatches = DEFAULTS.ackQueueBatches();

    BatchSettings settings() {
        return new BatchSettings(queueCapacity, batchSize, batchLinger, DEFAULTS.maxBackoff(),
                DEFAULTS.latestWriteInterval(), ackQueueBatches, DEFAULTS.handoffCapacity());
    }
}
