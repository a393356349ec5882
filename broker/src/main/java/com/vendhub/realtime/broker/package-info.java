/**
 * The {@code vendhub} process kinds: the embedded MQTT broker, device authentication and topic ACL, the
 * embedded database, and the wiring classes that build {@code serve}, {@code ingest} and {@code fanout} by
 * hand from the shared parts of {@code assembly}. Only {@code bench} imports this module.
 */
package com.vendhub.realtime.broker;
