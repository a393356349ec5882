/**
 * {@code vendhub serve}: {@link com.vendhub.realtime.broker.app.VendhubServer} wires the embedded broker,
 * ingest and fan-out from the shared parts of {@link com.vendhub.realtime.broker.assembly} by hand (constructor
 * injection, no framework), starts them in dependency order and stops them in the one shutdown order. Also
 * its settings, the demo fleet and the periodic status line.
 */
package com.vendhub.realtime.broker.app;
