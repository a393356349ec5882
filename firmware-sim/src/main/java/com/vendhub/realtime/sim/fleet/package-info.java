/**
 * The simulated fleet on the wire: one MQTT 3.1.1 connection per machine, all sharing one bounded
 * Netty event loop group and one scheduler, publishing each machine's retained status and its
 * telemetry as docs/contract.md, "MQTT" specifies.
 */
package com.vendhub.realtime.sim.fleet;
