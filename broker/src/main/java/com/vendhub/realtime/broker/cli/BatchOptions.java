package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.ingest.store.BatchSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The write path's batching bounds (docs/architecture.md, "Bounds"), shared by {@code serve} and {@code ingest}. */
final class BatchOptions {

    @Option(names = "--ingest-queue-capacity", defaultValue = "${env:VENDHUB_INGEST_QUEUE_CAPACITY:-20000}",
            description = "Readings held in memory for the writer; beyond it they wait in the spool only "
                    + "(serve), or must hold --mqtt-receive-maximum (ingest) "
                    + "(env VENDHUB_INGEST_QUEUE_CAPACITY, default ${DEFAULT-VALUE}).")
    int queueCapacity;

    @Option(names = "--ingest-batch-size", defaultValue = "${env:VENDHUB_INGEST_BATCH_SIZE:-1000}",
            description = "Readings per database transaction (env VENDHUB_INGEST_BATCH_SIZE, default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--ingest-batch-linger", defaultValue = "${env:VENDHUB_INGEST_BATCH_LINGER:-PT0.05S}",
            description = "Longest wait of a batch's first reading for company, ISO-8601 "
                    + "(env VENDHUB_INGEST_BATCH_LINGER, default ${DEFAULT-VALUE}).")
    Duration batchLinger;

    @Option(names = "--ingest-ack-queue-batches",
            defaultValue = "${env:VENDHUB_INGEST_ACK_QUEUE_BATCHES:-" + BatchSettings.DEFAULT_ACK_QUEUE_BATCHES + "}",
            description = "Committed batches whose acknowledgements may wait for the commit-acks thread; past it "
                    + "the writer waits before its next transaction (env VENDHUB_INGEST_ACK_QUEUE_BATCHES, "
                    + "default ${DEFAULT-VALUE}).")
    int ackQueueBatches;

    @Option(names = "--ingest-handoff-capacity",
            defaultValue = "${env:VENDHUB_INGEST_HANDOFF_CAPACITY:-" + BatchSettings.DEFAULT_HANDOFF_CAPACITY + "}",
            description = "Messages waiting between the broker's hook and the ingest thread (serve); past it a reading "
                    + "reaches the writer through the spool only and other messages are dropped, counted "
                    + "(env VENDHUB_INGEST_HANDOFF_CAPACITY, default ${DEFAULT-VALUE}).")
    int handoffCapacity;

    BatchSettings settings() {
        BatchSettings defaults = BatchSettings.defaults();
        return new BatchSettings(queueCapacity, batchSize, batchLinger, defaults.maxBackoff(),
                defaults.latestWriteInterval(), ackQueueBatches, handoffCapacity);
    }
}
