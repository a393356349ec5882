/**
 * Commit acknowledgements: the seam through which the batch writer reports, after each commit,
 * which readings of which machine are now stored for good (docs/contract.md, "Delivery guarantees"), and
 * the grouping of a batch into per-machine acknowledgements.
 */
package com.vendhub.realtime.ingest.ack;
