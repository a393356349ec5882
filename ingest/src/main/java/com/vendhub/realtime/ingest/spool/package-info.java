/**
 * The crash-safe local spool between the broker and the database (docs/contract.md, "Delivery
 * guarantees"): every accepted reading is appended to a segment file, framed with its length and a
 * CRC32C, synced to disk by one thread every few milliseconds (group sync), read back by the batch
 * writer when its memory queue overflowed or after a restart, and deleted once committed. Bounded
 * in total bytes.
 */
package com.vendhub.realtime.ingest.spool;
