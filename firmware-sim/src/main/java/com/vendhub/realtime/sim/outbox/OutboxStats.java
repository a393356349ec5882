package com.vendhub.realtime.sim.outbox;

/**
 * A snapshot of the fleet's outboxes.
 *
 * @param kept      readings put in an outbox since start
 * @param acked     readings removed because the platform acknowledged them
 * @param resent    publishes of a reading after its first (timeout or reconnect)
 * @param refused   readings refused because the machine's outbox was full (lost)
 * @param pending   readings waiting for their acknowledgement right now
 * @param badAcks   ack messages that could not be parsed
 */
public record OutboxStats(long kept, long acked, long resent, long refused, long pending, long badAcks) {
}
