/**
 * The {@code vendhub} process: the embedded MQTT broker, device authentication and topic ACL, the
 * embedded database, and the composition root that wires ingest and fan-out by hand. Only the
 * benchmarks import this module, and of it only the public assembly ({@code app.VendhubServer} and
 * its settings; bench/README.md).
 */
package com.vendhub.realtime.broker;
