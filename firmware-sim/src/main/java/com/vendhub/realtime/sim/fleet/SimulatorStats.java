package com.vendhub.realtime.sim.fleet;

/**
 * A snapshot of the fleet's counters.
 *
 * @param connected        machines connected right now
 * @param published        telemetry readings the broker acknowledged (PUBACK) since start
 * @param publishFailures  readings not delivered: publish failed, machine offline at its turn, or too many unacknowledged
 * @param connectFailures  connection attempts that failed, first attempts and automatic reconnects alike
 */
public record SimulatorStats(int connected, long published, long publishFailures, long connectFailures) {
}
