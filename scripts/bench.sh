#!/usr/bin/env bash
# Ocelot's benchmarks (issue 6), each side by side with its peer in this one invocation, then a table with ratios:
#   scripts/bench.sh                 all of them (P1..P5, P7, P8, ~14 min on 2 cores)
#   scripts/bench.sh p1 p3           some of them
# P1 push→status vs Buildbot 3.7 · P2 per-build overhead vs docker run · P3 100 queued builds, 2 werkers × 2 slots,
# vs Buildbot 2 workers × 2 · P4 lease latency with 100/1 000/10 000 queued (AO on HSQLDB and PostgreSQL) · P5 a 100 MB
# stage log vs docker logs · P7 two plugin nodes on one PostgreSQL, 500 repositories, 2 000 pushes in 60 s: events →
# queued, none lost · P8 push→first stage log line read through the user REST API vs docker run's first stdout line.
# P4 and P7 need the PostgreSQL test server (scripts/setup-postgres.sh). Environment:
# OCELOT_BENCH_P4_DATABASES (memory,file,postgresql: P4 on some of them only), OCELOT_BENCH_P1_RUNS (20), OCELOT_BENCH_P3_BUILDS (100),
# OCELOT_BENCH_P8_RUNS (10), OCELOT_BENCH_IDLE_MS (1000: the pause between a build's final status and the next push in P1, P2, P5, P8).
# As root it first installs what is missing (Docker + the local busybox image, Buildbot); otherwise it needs both.
# The table goes to stdout, progress to stderr. Exit 1 if a benchmark failed. See docs/performance.md.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

for b in "$@"; do
  case "$b" in
    p1|p2|p3|p4|p5|p7|p8|all) ;;
    *) echo "bench.sh: unknown benchmark '$b' (p1 p2 p3 p4 p5 p7 p8 all)" >&2; exit 2 ;;
  esac
done

needs_pg=no
case " ${*:-all} " in *" p4 "*|*" p7 "*|*" all "*) needs_pg=yes ;; esac
if [ "$(id -u)" = 0 ]; then
  scripts/setup-docker.sh
  bench/buildbot/setup.sh
  [ "$needs_pg" = no ] || scripts/setup-postgres.sh
else
  [ "$needs_pg" = no ] || pg_isready -q -h 127.0.0.1 -p 5432 \
    || echo "bench.sh: no PostgreSQL on 127.0.0.1:5432 (scripts/setup-postgres.sh as root); P4's PostgreSQL rows and P7 will fail" >&2
  timeout 10 docker info >/dev/null 2>&1 \
    || { echo "bench.sh: no Docker engine; run scripts/setup-docker.sh as root" >&2; exit 3; }
  command -v buildbot >/dev/null 2>&1 \
    || echo "bench.sh: buildbot is not installed (bench/buildbot/setup.sh as root); its columns will say so" >&2
fi

"$here/ocelot" --help >/dev/null   # builds remote-werker/target/ocelot.jar when missing or stale: the werkers run it
# P2's engine-only benchmark is werker test code (not shipped in the jar): it runs on the jar plus these classes
mvn -B -q -ntp -f "$here/remote-werker/pom.xml" test-compile >&2
# Maven does not pass a SIGTERM on to the runner's JVM, so Maven and the runner get a process group of their own and
# a signal to this script goes to the whole group: the runner's shutdown hook then stops its werkers and containers.
setsid mvn -B -q -ntp test-compile exec:exec -Docelot.bench="${*:-all}" &
runner=$!
trap 'kill -TERM -- -"$runner" 2>/dev/null' INT TERM
status=0
wait "$runner" || status=$?
if kill -0 "$runner" 2>/dev/null; then   # interrupted: the trap sent SIGTERM; wait for the clean-up to end
  wait "$runner" || status=$?
fi
exit "$status"
