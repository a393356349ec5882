/**
 * Machines as they are in the field: they lose their link abruptly now and then (the broker fires
 * their Last Will), stay away for a while, keep their readings in a bounded buffer meanwhile, and
 * publish that backlog late when they are back. Deterministic for a seed, like the physics.
 */
package com.vendhub.realtime.sim.offline;
