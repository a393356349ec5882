package com.vendhub.realtime.ingest.pipeline;

/** A snapshot of the ingest path's counts since start, for the status line and tests. */
public record IngestCounters(long received, long accepted, long rejected, long committed, long queued,
                             long machinesOnline) {
}
