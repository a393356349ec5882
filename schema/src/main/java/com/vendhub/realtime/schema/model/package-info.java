/**
 * Records for the contract's payloads (docs/contract.md, "Telemetry payload" and the event table).
 * They hold already-validated data; construction from untrusted bytes goes through
 * {@link com.vendhub.realtime.schema.validation.TelemetryValidator}.
 */
package com.vendhub.realtime.schema.model;
