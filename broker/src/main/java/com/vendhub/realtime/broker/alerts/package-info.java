/**
 * The fan-out's {@link com.vendhub.realtime.fanout.rest.AlertDirectory} seam over the shared
 * database, so that {@code vendhub serve} and fan-out nodes answer {@code GET /api/v1/alerts} alike.
 */
package com.vendhub.realtime.broker.alerts;
