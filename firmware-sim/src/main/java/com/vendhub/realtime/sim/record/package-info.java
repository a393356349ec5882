/**
 * {@code vendhub-sim record}: what machines publish, captured with service credentials into a JSON
 * Lines recording (one message a line: topic, timestamp, retained flag, payload) that
 * {@code vendhub-sim replay} plays back.
 */
package com.vendhub.realtime.sim.record;
