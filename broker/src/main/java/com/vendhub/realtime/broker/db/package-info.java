/**
 * The database behind a process: an embedded PostgreSQL (zonky's binaries, no install needed)
 * whose data directory survives restarts, or any PostgreSQL by URL, behind a HikariCP pool.
 */
package com.vendhub.realtime.broker.db;
