/**
 * Socket.IO protocol v5 (https://socket.io/docs/v4/socket-io-protocol/) on top of Engine.IO: the
 * packet codec, one {@link com.vendhub.realtime.fanout.socketio.SocketIoSession} per client on the
 * main namespace (authentication at CONNECT, {@code subscribe}/{@code unsubscribe}), and the
 * {@link com.vendhub.realtime.fanout.socketio.Broadcaster} hot path that frames each room event once.
 */
package com.vendhub.realtime.fanout.socketio;
