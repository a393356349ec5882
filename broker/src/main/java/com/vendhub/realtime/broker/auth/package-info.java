/**
 * Who may connect to the embedded broker and what they may touch (docs/contract.md, "MQTT"): client id =
 * username = machine id and password = device token; a machine publishes only its own telemetry
 * and status and reads only its own ack and commands; service clients ({@code svc:<name>} with the
 * service secret) read machine topics and write acks, commands and backend events. CONNECTs are
 * rate-limited per source. Denials are counted, logged once per cause and interval, and never throw
 * into the broker.
 */
package com.vendhub.realtime.broker.auth;
