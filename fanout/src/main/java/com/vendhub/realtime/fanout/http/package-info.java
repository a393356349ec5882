/**
 * The HTTP ports: the fan-out's one port (Netty pipeline, request deadlines, connection cap, body limit, CORS and
 * the router that sends {@code /socket.io/} to Engine.IO, {@code /api/v1/} to the REST API on the worker pool, and
 * serves {@code /health/*} and {@code /metrics}), and {@link com.vendhub.realtime.fanout.http.MonitoringHttpServer},
 * the same bounded pipeline serving only {@code /health/*} and {@code /metrics} for processes without a fan-out.
 */
package com.vendhub.realtime.fanout.http;
