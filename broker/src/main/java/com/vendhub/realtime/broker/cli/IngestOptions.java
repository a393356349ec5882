package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.app.IngestTuning;
import com.vendhub.realtime.ingest.spool.SpoolSettings;
import com.vendhub.realtime.ingest.store.BatchSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The ingest path's bounds: spool and batching (README, "Bounds"). */
final class IngestOptions {

    @Option(names = "--spool-dir", defaultValue = "${env:VENDHUB_SPOOL_DIR}",
            description = "Directory of the crash-safe ingest spool (env VENDHUB_SPOOL_DIR, default <data-dir>/spool).")
    Path spoolDir;

    @Option(names = "--no-spool", description = "Keep queued readings in memory only (a kill -9 loses them).")
    boolean noSpool;

    @Option(names = "--spool-max-bytes", defaultValue = "${env:VENDHUB_SPOOL_MAX_BYTES:-2147483648}",
            description = "Disk the spool may use; past it readings are refused and counted "
                    + "(env VENDHUB_SPOOL_MAX_BYTES, default ${DEFAULT-VALUE}).")
    long spoolMaxBytes;

    @Option(names = "--spool-segment-bytes", defaultValue = "${env:VENDHUB_SPOOL_SEGMENT_BYTES:-67108864}",
            description = "Size of one spool segment file (env VENDHUB_SPOOL_SEGMENT_BYTES, default ${DEFAULT-VALUE}).")
    long spoolSegmentBytes;

    @Option(names = "--spool-sync-interval", defaultValue = "${env:VENDHUB_SPOOL_SYNC_INTERVAL:-PT0.005S}",
            description = "Group sync interval of the spool, ISO-8601 (env VENDHUB_SPOOL_SYNC_INTERVAL, "
                    + "default ${DEFAULT-VALUE}).")
    Duration spoolSyncInterval;

    @Option(names = "--ingest-queue-capacity", defaultValue = "${env:VENDHUB_INGEST_QUEUE_CAPACITY:-20000}",
            description = "Readings held in memory for the writer; beyond it they wait in the spool only "
                    + "(env VENDHUB_INGEST_QUEUE_CAPACITY, default ${DEFAULT-VALUE}).")
    int queueCapacity;

    @Option(names = "--ingest-batch-size", defaultValue = "${env:VENDHUB_INGEST_BATCH_SIZE:-1000}",
            description = "Readings per database transaction (env VENDHUB_INGEST_BATCH_SIZE, default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--ingest-batch-linger", defaultValue = "${env:VENDHUB_INGEST_BATCH_LINGER:-PT0.02S}",
            description = "Longest wait of a batch's first reading for company, ISO-8601 "
                    + "(env VENDHUB_INGEST_BATCH_LINGER, default ${DEFAULT-VALUE}).")
    Duration batchLinger;

    @Option(names = "--ingest-ack-queue-batches",
            defaultValue = "${env:VENDHUB_INGEST_ACK_QUEUE_BATCHES:-" + BatchSettings.DEFAULT_ACK_QUEUE_BATCHES + "}",
            description = "Committed batches whose acknowledgements may wait for the commit-acks thread; past it "
                    + "the writer waits before its next transaction (env VENDHUB_INGEST_ACK_QUEUE_BATCHES, "
                    + "default ${DEFAULT-VALUE}).")
    int ackQueueBatches;

    IngestTuning tuning(Path dataDirectory) {
        BatchSettings defaults = BatchSettings.defaults();
        BatchSettings batch = new BatchSettings(queueCapacity, batchSize, batchLinger, defaults.maxBackoff(),
                defaults.latestWriteInterval(), ackQueueBatches);
        if (noSpool) {
            return new IngestTuning(null, batch);
        }
        Path dir = spoolDir != null ? spoolDir : dataDirectory.resolve("spool");
        return new IngestTuning(new SpoolSettings(dir, spoolSegmentBytes, spoolMaxBytes, spoolSyncInterval), batch);
    }
}
