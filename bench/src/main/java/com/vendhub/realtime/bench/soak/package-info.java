/**
 * The soak benchmark (docs/testing.md, "Soak test"): the real {@code vendhub serve} in its own process
 * under the firmware simulator's fleet, thousands of Socket.IO dashboards that drop and recover,
 * devices sending junk and poison, and one client too slow to read; sampled from outside every
 * 10 s, then checked row by row. Run with {@code bench/run-soak.sh}; documented in
 * {@code docs/performance.md, "Soak"}.
 */
package com.vendhub.realtime.bench.soak;
