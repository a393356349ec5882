package com.vendhub.realtime.sim.offline;

/**
 * A snapshot of the fleet's offline behaviour.
 *
 * @param linkDrops     abrupt link losses the machines went through
 * @param buffered      readings kept while a machine could not publish
 * @param overflowed    readings lost because a machine's buffer was full
 * @param publishedLate buffered readings published after the machine came back (acknowledged by the broker)
 */
public record OfflineStats(long linkDrops, long buffered, long overflowed, long publishedLate) {
}
