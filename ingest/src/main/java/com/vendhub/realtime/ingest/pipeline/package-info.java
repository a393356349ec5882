/**
 * The ingest path from a broker hand-off to the write queue and the live events: topic dispatch,
 * validation, latest state, status, dead letters. Runs on the caller's thread (one {@code ingest}
 * thread: behind the embedded broker's hand-off queue, or the cluster worker's; docs/architecture.md,
 * "Threads and Moquette"), does no I/O there, and never throws back into its caller.
 */
package com.vendhub.realtime.ingest.pipeline;
