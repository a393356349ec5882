/**
 * {@code GET /api/v1/machines/{id}/telemetry/history}: time-bucketed min/avg/max of temperature,
 * humidity and each bunker's level (docs/contract.md, "REST"), over the {@link
 * com.vendhub.realtime.fanout.history.TelemetryHistory} seam that the composition root implements over
 * the database.
 */
package com.vendhub.realtime.fanout.history;
