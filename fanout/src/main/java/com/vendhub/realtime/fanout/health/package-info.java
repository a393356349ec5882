/** Liveness and readiness: {@code /health/live} and {@code /health/ready} over a {@link com.vendhub.realtime.fanout.health.HealthProbe}. */
package com.vendhub.realtime.fanout.health;
