/**
 * The fan-out node: one HTTP port serving Socket.IO (Engine.IO v4 / Socket.IO v5 over websocket and
 * HTTP long-polling), the REST API, health and metrics. {@link com.vendhub.realtime.fanout.FanoutServer}
 * is the facade the composition root builds; it is the {@link
 * com.vendhub.realtime.schema.events.RoomEventSink} ingest publishes to.
 */
package com.vendhub.realtime.fanout;
