/**
 * The embedded Moquette 0.17 broker and its hand-off to ingest. Moquette's unsafe defaults are
 * turned off here (anonymous clients, phone-home telemetry, the 8092-byte packet cap), and every
 * hook catches what it could throw: an exception on a Moquette session loop kills that loop.
 */
package com.vendhub.realtime.broker.mqtt;
