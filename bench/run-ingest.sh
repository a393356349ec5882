#!/usr/bin/env bash
# The ingest benchmark (docs/performance.md): ceiling (COPY), the whole vendhub path at 1,000
# machines, and the Mosquitto + Node.js peer, in one run. Needs Java 17+, Maven, Node 20+, mosquitto.
# Options: --rates 4000,8000,... --step-seconds 10 --warmup-seconds 20 --batch-linger PT0.05S --no-peer
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package -pl bench -am
(cd bench/peer && npm ci --no-audit --no-fund --silent)
exec java -Xmx2g -cp "bench/target/classes:bench/target/lib/*" com.vendhub.realtime.bench.ingest.IngestBenchmark "$@"
