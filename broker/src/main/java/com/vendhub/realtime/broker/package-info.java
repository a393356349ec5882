/**
 * The {@code vendhub} process kinds: the embedded MQTT broker, device authentication and topic ACL, the
 * embedded database, and the wiring classes that build {@code serve}, {@code ingest} and {@code fanout} by
 * hand from the shared parts of {@code assembly}. Only the benchmarks import this module, and of it only
 * the public assembly ({@code app.VendhubServer} and its settings; bench/README.md).
 */
package com.vendhub.realtime.broker;
