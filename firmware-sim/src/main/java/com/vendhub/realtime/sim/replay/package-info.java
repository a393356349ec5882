/**
 * {@code vendhub-sim replay}: a recording played back through the broker as real machines, with the
 * original pacing or faster, optionally into other machines, reporting what was sent and what the
 * platform acknowledged.
 */
package com.vendhub.realtime.sim.replay;
