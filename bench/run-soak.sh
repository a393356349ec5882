#!/usr/bin/env bash
# The soak benchmark (issue 10, docs/performance.md, "Soak"): the real vendhub serve (broker/target/vendhub.jar)
# in its own process with its embedded PostgreSQL, 2,000 simulated machines at one reading per second
# (ack outbox on), 2,000 Socket.IO dashboards that drop and recover, junk and poison devices, one client
# too slow to read; sampled every 10 s from outside, checked row by row at the end. Bounded: it stops
# by itself after --minutes (default 30) plus the drain (at most 3 minutes) and the checks.
# Options: --minutes N | --short (2 minutes) | --machines N --dashboards N | --no-poison | --out DIR
# Exit code 0 when every invariant held. Needs Java 17+, Maven, and ulimit -n above 2 x (machines + dashboards).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -DskipTests package -pl bench -am
need=$(( 10000 ))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
  ulimit -n "$need" 2>/dev/null || echo "warning: ulimit -n is $(ulimit -n); the soak opens about 2 x (machines + dashboards) sockets" >&2
fi
exec java -Xmx2g -cp "bench/target/classes:bench/target/lib/*" com.vendhub.realtime.bench.soak.SoakBenchmark "$@"
