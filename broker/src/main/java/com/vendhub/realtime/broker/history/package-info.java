/**
 * The REST telemetry history over JDBC: {@code time_bucket} and the hourly continuous aggregates on
 * TimescaleDB, {@code date_bin} on plain PostgreSQL (>= 14).
 */
package com.vendhub.realtime.broker.history;
