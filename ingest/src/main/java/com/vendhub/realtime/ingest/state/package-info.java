/**
 * The newest reading of each machine, in memory, loaded from {@code machine_latest} at start. Late
 * readings (older than what is held) never replace it (docs/contract.md, "Telemetry payload").
 */
package com.vendhub.realtime.ingest.state;
