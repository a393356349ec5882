/**
 * Messages that were not stored as telemetry: each is counted by reason, logged (throttled, device
 * text escaped) and, within its client's budget per minute, kept in {@code dead_letters} with the
 * reason and its raw payload (size-capped); rows older than the retention are deleted in batches.
 */
package com.vendhub.realtime.ingest.deadletter;
