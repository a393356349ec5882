/**
 * Names of the metric families more than one module emits; so that no module imports another's
 * class for a metric name.
 */
package com.vendhub.realtime.schema.metrics;
