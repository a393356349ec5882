/**
 * Engine.IO protocol v4 (https://socket.io/docs/v4/engine-io-protocol/): the packet codec, the
 * handshake checks, and one {@link com.vendhub.realtime.fanout.engineio.EngineIoSession} per
 * client with the server-initiated heartbeat. Transports sit behind {@link
 * com.vendhub.realtime.fanout.engineio.Transport}; only {@code websocket} exists so far, and
 * HTTP long-polling (with upgrade) plugs in at {@link com.vendhub.realtime.fanout.engineio.EngineIoServer}.
 */
package com.vendhub.realtime.fanout.engineio;
