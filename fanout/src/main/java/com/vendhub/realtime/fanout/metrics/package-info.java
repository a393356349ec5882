/**
 * Every Micrometer meter of the fan-out in one place, so names and tag sets stay consistent
 * (all prefixed {@code vendhub_fanout_} once rendered by the Prometheus registry).
 */
package com.vendhub.realtime.fanout.metrics;
