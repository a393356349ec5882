/**
 * Low-level inventory alerts and machine errors (docs/alerts-and-forecasts.md): per bunker, a state machine with a
 * threshold, hysteresis and refill rule that raises {@code inventory:low} once and clears with
 * {@code inventory:restored}; per machine, the set of active {@code error}/{@code critical} codes so
 * that {@code machine:error} is emitted once per occurrence. Evaluated only on a machine's newest
 * reading (late and redelivered readings never reach it); transitions are stored with conditional
 * statements so a restart or a second ingest worker never doubles them.
 */
package com.vendhub.realtime.ingest.alerts;
