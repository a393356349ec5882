/** Applies the versioned SQL migrations in {@code db/migration} with Flyway. */
package com.vendhub.realtime.schema.migration;
