/**
 * Test support for the broker's system tests: a real {@code vendhub serve} in this JVM
 * ({@link com.vendhub.realtime.broker.testing.RunningServer}, started and closed for a test by
 * {@link com.vendhub.realtime.broker.testing.RunningServerExtension}) or in a child JVM
 * ({@link com.vendhub.realtime.broker.testing.ServerProcess}), and the parts scenarios are made of:
 * contract readings, raw MQTT, simulated fleets, a database to stop and restart, the official
 * Socket.IO client under Node (docs/testing.md, "Writing a system test").
 */
package com.vendhub.realtime.broker.testing;
