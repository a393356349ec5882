/**
 * The one HTTP port: Netty pipeline, body limit, CORS and the router that sends {@code /socket.io/}
 * to Engine.IO, {@code /api/v1/} to the REST API (on the worker pool), and serves
 * {@code /health/*} and {@code /metrics}.
 */
package com.vendhub.realtime.fanout.http;
