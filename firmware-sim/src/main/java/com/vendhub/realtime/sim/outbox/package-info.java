/**
 * The simulated firmware's outbox: every reading is kept until the platform acknowledges its
 * timestamp on the machine's {@code ack} topic, and published again after a timeout or a
 * reconnect (docs/contract.md, "Delivery guarantees"). Bounded per machine.
 */
package com.vendhub.realtime.sim.outbox;
