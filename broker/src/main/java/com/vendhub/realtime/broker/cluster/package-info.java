/**
 * Scale-out: {@code vendhub fanout --mqtt-url ...} runs a fan-out node that takes its room events
 * from an external MQTT broker ({@code {prefix}/events/#}, see {@code RoomEventWire}), so several
 * nodes behind a load balancer each serve their own clients and every client gets every event of
 * its rooms once.
 */
package com.vendhub.realtime.broker.cluster;
