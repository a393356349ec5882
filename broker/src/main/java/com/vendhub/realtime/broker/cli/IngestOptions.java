package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.app.IngestTuning;
import com.vendhub.realtime.ingest.spool.SpoolSettings;
import com.vendhub.realtime.ingest.store.BatchSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The ingest path of {@code vendhub serve}: spool, the broker hook's hand-off and batching (docs/architecture.md,
 * "Bounds"). An ingest worker feeds its ingestor from the MQTT client directly, so the hand-off is serve's only.
 */
final class IngestOptions {

    @Option(names = "--spool-dir", description = "Directory of the crash-safe ingest spool; <data-dir>/spool when not given.")
    Path spoolDir;

    @Option(names = "--no-spool", description = "Keep queued readings in memory only (a kill -9 loses them).")
    boolean noSpool;

    @Option(names = "--spool-max-bytes", description = "Disk the spool may use; past it readings are refused and counted.")
    long spoolMaxBytes = SpoolSettings.DEFAULT_MAX_TOTAL_BYTES;

    @Option(names = "--spool-segment-bytes", description = "Size of one spool segment file.")
    long spoolSegmentBytes = SpoolSettings.DEFAULT_SEGMENT_BYTES;

    @Option(names = "--spool-sync-interval", description = "Group sync interval of the spool.")
    Duration spoolSyncInterval = SpoolSettings.DEFAULT_SYNC_INTERVAL;

    @Option(names = "--ingest-handoff-capacity",
            description = "Messages waiting between the embedded broker's hook and the ingest thread; past it a "
                    + "reading reaches the writer through the spool only and other messages are dropped, counted.")
    int handoffCapacity = BatchSettings.defaults().handoffCapacity();

    @Mixin
    BatchOptions batching;

    /** The defaults for this data directory, with these spool and batch bounds. */
    IngestTuning tuning(Path dataDirectory) {
        IngestTuning tuning = IngestTuning.defaults(dataDirectory)
                .withBatch(batching.settings().withHandoffCapacity(handoffCapacity));
        if (noSpool) {
            return tuning.withSpool(null);
        }
        Path dir = spoolDir != null ? spoolDir : dataDirectory.resolve("spool");
        return tuning.withSpool(new SpoolSettings(dir, spoolSegmentBytes, spoolMaxBytes, spoolSyncInterval));
    }
}
