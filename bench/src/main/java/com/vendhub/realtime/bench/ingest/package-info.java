/**
 * The ingest benchmark: the database's own COPY rate (the ceiling), the whole path over MQTT at
 * 1,000 machines, and the peer a user of the seed's stack would pick (Mosquitto + a Node.js
 * ingest), all in one run on the same database. Run with {@code bench/run-ingest.sh}.
 */
package com.vendhub.realtime.bench.ingest;
