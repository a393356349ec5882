/**
 * Online/offline and the other states of each machine. A status changes from the machine's
 * retained {@code status} topic, the {@code status} field of its telemetry, and its connection;
 * each real change is stored once and emitted once as {@code machine:status}; repeats are not.
 */
package com.vendhub.realtime.ingest.status;
