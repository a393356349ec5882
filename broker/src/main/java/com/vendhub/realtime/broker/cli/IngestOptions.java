package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.app.IngestTuning;
import com.vendhub.realtime.ingest.spool.SpoolSettings;
import com.vendhub.realtime.ingest.store.BatchSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The ingest path's bounds: spool and batching (docs/architecture.md, "Bounds"). */
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

    @Mixin
    BatchOptions batching;

    IngestTuning tuning(Path dataDirectory) {
        BatchSettings batch = batching.settings();
        if (noSpool) {
            return new IngestTuning(null, batch);
        }
        Path dir = spoolDir != null ? spoolDir : dataDirectory.resolve("spool");
        return new IngestTuning(new SpoolSettings(dir, spoolSegmentBytes, spoolMaxBytes, spoolSyncInterval), batch);
    }
}
