/**
 * The ingest path from a broker hand-off to the write queue and the live events: topic dispatch,
 * validation, latest state, status, dead letters. Runs on the caller's thread (the broker's
 * interceptor thread), does no I/O there, and never throws back into the broker.
 */
package com.vendhub.realtime.ingest.pipeline;
