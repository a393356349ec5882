/**
 * Applies the versioned migrations with Flyway: SQL ones in {@code db/migration}, and {@link
 * com.vendhub.realtime.schema.migration.TimescaleMigration} (V3), which adds the TimescaleDB layout where
 * the extension can be enabled.
 */
package com.vendhub.realtime.schema.migration;
