/**
 * Database writes. {@link com.vendhub.realtime.ingest.store.TelemetryBatchWriter} owns one thread
 * that drains a bounded queue ({@link com.vendhub.realtime.ingest.store.ReadingQueue}: in memory, or
 * behind the crash-safe spool) into batches written by {@code COPY}, idempotently (a batch closes on
 * size or on a short time limit); {@link com.vendhub.realtime.ingest.store.SerialWriter} runs the rare writes
 * (dead letters, status history) one at a time. Neither ever blocks the caller.
 */
package com.vendhub.realtime.ingest.store;
