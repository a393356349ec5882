/**
 * Readiness of a {@code vendhub serve} process ({@code GET /health/ready}): broker accepting, database
 * reachable (checked in the background, so the probe never waits on a dead database), ingest backlog
 * below its bound; and liveness ({@code GET /health/live}, {@link com.vendhub.realtime.broker.health.Liveness}):
 * every critical worker thread running and no fatal JVM error. Plugged into the fan-out's
 * {@link com.vendhub.realtime.fanout.health.HealthProbe} seam.
 */
package com.vendhub.realtime.broker.health;
