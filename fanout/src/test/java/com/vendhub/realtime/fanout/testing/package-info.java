/**
 * Reusable test fixtures, shipped in the fan-out test-jar: a real fan-out server for a test
 * ({@link com.vendhub.realtime.fanout.testing.TestFanout}, a JUnit extension), a real-websocket
 * Socket.IO client, JWT minting, and in-memory implementations of the fan-out's seams.
 */
package com.vendhub.realtime.fanout.testing;
