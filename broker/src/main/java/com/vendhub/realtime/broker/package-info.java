/**
 * The {@code vendhub} process: the embedded MQTT broker, device authentication and topic ACL, the
 * embedded database, and the composition root that wires ingest and fan-out by hand. Only
 * {@code bench} imports this module.
 */
package com.vendhub.realtime.broker;
