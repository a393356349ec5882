/**
 * The {@code vendhub-sim} command line (picocli): reads machine credentials from a file, runs a
 * {@link com.vendhub.realtime.sim.fleet.FleetSimulator} and reports progress. Every option also
 * reads an environment variable, as docs/contract.md, "Command line" asks.
 */
package com.vendhub.realtime.sim.cli;
