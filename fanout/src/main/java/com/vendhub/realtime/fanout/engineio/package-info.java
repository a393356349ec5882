/**
 * Engine.IO protocol v4 (https://socket.io/docs/v4/engine-io-protocol/): the packet codec, the
 * handshake checks, and one {@link com.vendhub.realtime.fanout.engineio.EngineIoSession} per
 * client with the server-initiated heartbeat. Transports sit behind {@link
 * com.vendhub.realtime.fanout.engineio.Transport}: {@code websocket} and HTTP long-polling
 * ({@code polling}), which a client may upgrade to a websocket ("Protocol, Upgrade");
 * {@link com.vendhub.realtime.fanout.engineio.EngineIoServer} opens both and routes their requests.
 */
package com.vendhub.realtime.fanout.engineio;
