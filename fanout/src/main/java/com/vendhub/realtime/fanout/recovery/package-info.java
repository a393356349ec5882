/**
 * Connection state recovery as socket.io 4.6+ {@code connectionStateRecovery} does it: every
 * broadcast gets an offset and is kept for a bounded window; a socket that drops keeps its id,
 * private session id and rooms for that window, and on reconnect gets what it missed, once each.
 */
package com.vendhub.realtime.fanout.recovery;
