/**
 * The parts the three process kinds ({@code vendhub serve}, {@code vendhub ingest}, {@code vendhub fanout})
 * are built from, each wired by hand once: the process metrics registry, the database (pool, migrations,
 * check), the ingest service's settings and drain, the fan-out server, the event-stream wire and the
 * {@link com.vendhub.realtime.broker.assembly.RoomEventHub} that lets a producer be built before its consumer.
 * The wiring classes ({@code app.VendhubServer}, {@code cluster.IngestWorker}, {@code cluster.FanoutNode})
 * construct these, start them in dependency order and register each under its stage of the one shutdown
 * order (docs/architecture.md, "Assembly").
 */
package com.vendhub.realtime.broker.assembly;
