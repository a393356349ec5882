/**
 * Messages that were not stored as telemetry: each is kept in {@code dead_letters} with the
 * reason and its raw payload (size-capped), counted by reason, and logged (throttled).
 */
package com.vendhub.realtime.ingest.deadletter;
