/**
 * The embedded Moquette 0.17 broker and its hand-off to ingest. Moquette's unsafe defaults are
 * turned off here (anonymous clients, phone-home telemetry, the 8092-byte packet cap), and every
 * hook catches what it could throw: an exception on a Moquette session loop kills that loop.
 * {@link com.vendhub.realtime.broker.mqtt.ConnectGuard} sits in Moquette's Netty pipeline (installed by
 * {@link com.vendhub.realtime.broker.mqtt.PipelineHook}) and refuses a CONNECT with a forbidden Last Will or
 * a client id of no contract form before Moquette creates a session for it.
 */
package com.vendhub.realtime.broker.mqtt;
