/**
 * The fan-out benchmark: this server ({@code vendhub fanout}) against the peer a user of the seed
 * would run instead (socket.io 4.x on Node fed by MQTT.js), both fed from the same Mosquitto, driven
 * by the same Netty load generator, figures and ratios printed from one run.
 */
package com.vendhub.realtime.bench.fanout;
