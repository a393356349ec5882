/**
 * Bearer-token authentication shared by the Socket.IO handshake and the REST API: a {@link
 * com.vendhub.realtime.fanout.auth.JwtVerifier} turns a JWT (HS256 with {@code JWT_ACCESS_SECRET},
 * or RS256 with a configured public key) into a {@link com.vendhub.realtime.fanout.auth.Principal}.
 */
package com.vendhub.realtime.fanout.auth;
