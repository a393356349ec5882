/**
 * The option vocabulary that {@code vendhub} and {@code vendhub-sim} share (docs/configuration.md):
 * one rule from an option to its environment variable ({@link
 * com.vendhub.realtime.schema.config.EnvironmentDefaults}), one duration format ({@link
 * com.vendhub.realtime.schema.config.DurationConverter}), and the MQTT endpoint a client connects to
 * ({@link com.vendhub.realtime.schema.config.MqttEndpointOptions}). It lives in {@code schema}
 * because the simulator depends on nothing else: a device knows only the wire.
 */
package com.vendhub.realtime.schema.config;
