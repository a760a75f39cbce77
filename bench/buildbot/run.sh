#!/usr/bin/env bash
# Runs Buildbot 3.7 (Debian packages) as the side-by-side peer of Ocelot's benchmarks and prints one JSON line.
#
#   run.sh p1 --repo PATH [--runs 20] [--warmup 0] [--poll-ms 20]
#   run.sh p3 --repo PATH [--builds 100] [--workers 2] [--slots 2] [--poll-ms 100]
#   common: [--keep] (keep the temporary master/worker directories and print where they are)
#
# Lifecycle: a fresh temporary directory per invocation holds the master (`buildbot create-master` + master.cfg from
# this directory) and N workers (`buildbot-worker create-worker`), all listening/connecting on 127.0.0.1 only, on
# free ports. The master and workers are stopped and the directory removed on every exit path (success, error,
# Ctrl-C, SIGTERM). Measurement is in bench.py (see its docstring for the boundaries); progress goes to stderr, the
# JSON result alone to stdout. Exit code: 0 ok, 1 some build failed or the peer could not run, 2 usage.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Debian's buildbot lives in the system Python; a pyenv/venv python3 earlier on PATH would not find it.
PY=/usr/bin/python3

usage() { sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
die() { echo "run.sh: $*" >&2; exit 1; }

[[ $# -ge 1 ]] || usage
MODE="$1"; shift
case "$MODE" in p1|p3) ;; -h|--help) usage ;; *) echo "run.sh: unknown mode '$MODE' (want p1 or p3)" >&2; usage ;; esac

REPO="" RUNS=20 WARMUP=0 BUILDS=100 KEEP=0 POLL=()
if [[ $MODE == p1 ]]; then WORKERS=1 SLOTS=1; else WORKERS=2 SLOTS=2; fi
while [[ $# -gt 0 ]]; do
  case "$1" in
    --repo) REPO="${2:?--repo needs a path}"; shift 2 ;;
    --runs) RUNS="${2:?}"; shift 2 ;;
    --warmup) WARMUP="${2:?}"; shift 2 ;;
    --builds) BUILDS="${2:?}"; shift 2 ;;
    --workers) WORKERS="${2:?}"; shift 2 ;;
    --slots) SLOTS="${2:?}"; shift 2 ;;
    --poll-ms) POLL=(--poll-ms "${2:?}"); shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) echo "run.sh: unknown option '$1'" >&2; usage ;;
  esac
done
for n in RUNS WARMUP BUILDS WORKERS SLOTS; do
  [[ ${!n} =~ ^[0-9]+$ ]] || die "--${n,,} must be a whole number, got '${!n}'"
done
(( RUNS >= 1 && BUILDS >= 1 && WORKERS >= 1 && SLOTS >= 1 )) || die "--runs, --builds, --workers, --slots must be >= 1"
[[ -n $REPO ]] || die "--repo PATH is required (a local git repository)"
REPO="$(cd "$REPO" 2>/dev/null && pwd)" || die "--repo: no such directory"
git -C "$REPO" rev-parse --verify -q HEAD >/dev/null 2>&1 || die "--repo $REPO: not a git repository with a commit"
BRANCH="$(git -C "$REPO" symbolic-ref --short -q HEAD 2>/dev/null)" || die "--repo $REPO: HEAD is detached; check out a branch"

command -v buildbot >/dev/null && command -v buildbot-worker >/dev/null \
  || die "buildbot / buildbot-worker not installed: run $HERE/setup.sh as root"
BB_VERSION="$($PY -c 'import buildbot; print(buildbot.version)')"
BBW_VERSION="$($PY -c 'import buildbot_worker; print(buildbot_worker.version)')"

WORK="$(mktemp -d /tmp/ocelot-bench-buildbot.XXXXXX)"
MASTER="$WORK/master"

# Stops one twistd daemon by the pid it wrote: SIGTERM, up to 15 s for a clean exit, then SIGKILL.
stop_daemon() {
  local pidfile="$1/twistd.pid" pid i
  [[ -f $pidfile ]] || return 0
  pid="$(cat "$pidfile")"
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "run.sh: $1 did not stop within 15 s; killing pid $pid" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  [[ -n ${BENCH_PID:-} ]] && kill -TERM "$BENCH_PID" 2>/dev/null
  if [[ $rc -ne 0 && -f $MASTER/twistd.log ]]; then
    echo "run.sh: failed (exit $rc); last lines of the master log:" >&2
    tail -n 25 "$MASTER/twistd.log" >&2
  fi
  stop_daemon "$MASTER"
  for ((i = 0; i < WORKERS; i++)); do stop_daemon "$WORK/w$i"; done
  echo "run.sh: finished in ${SECONDS} s (setup + measurement + teardown)" >&2
  if [[ $KEEP -eq 1 ]]; then
    echo "run.sh: kept $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() { $PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
WWW_PORT="$(free_port)"
PB_PORT="$(free_port)"
while [[ $PB_PORT == "$WWW_PORT" ]]; do PB_PORT="$(free_port)"; done

echo "run.sh: buildbot $BB_VERSION, $WORKERS worker(s) x $SLOTS slot(s), repo $REPO ($BRANCH), in $WORK" >&2

# --- master ---------------------------------------------------------------------------------------------------
timeout 120 buildbot create-master -q "$MASTER" >/dev/null
rm -f "$MASTER/master.cfg.sample"
cp "$HERE/master.cfg" "$MASTER/master.cfg"
# The worker password is a throwaway per run; it stays in files (mode 600), never on a command line.
( umask 077; $PY -c 'import secrets; print(secrets.token_hex(16))' > "$MASTER/worker-password" )
# Values go through argv, not into Python source, so any path is safe.
$PY -c 'import json, sys
out, www, pb, workers, slots, repo, branch = sys.argv[1:]
with open(out, "w") as f:
    json.dump({"www_port": int(www), "pb_port": int(pb), "workers": int(workers), "slots": int(slots),
               "repo_url": "file://" + repo, "branch": branch}, f, indent=2)' \
  "$MASTER/bench.json" "$WWW_PORT" "$PB_PORT" "$WORKERS" "$SLOTS" "$REPO" "$BRANCH"
timeout 120 buildbot checkconfig "$MASTER" >/dev/null
# The API-only stand-in for buildbot-www must be importable by the master (see www-api-only/).
PYTHONPATH="$HERE/www-api-only" timeout 120 buildbot start --start_timeout=100 "$MASTER" >/dev/null \
  || die "master did not start (see log above)"

# --- workers --------------------------------------------------------------------------------------------------
for ((i = 0; i < WORKERS; i++)); do
  wdir="$WORK/w$i"
  # create-worker wants a password argument: give it a placeholder, then make buildbot.tac read the real one.
  timeout 60 buildbot-worker create-worker -q --keepalive=60 "$wdir" "127.0.0.1:$PB_PORT" "w$i" placeholder
  install -m 600 "$MASTER/worker-password" "$wdir/password"
  sed -i "s|^passwd = 'placeholder'$|passwd = open(os.path.join(basedir, 'password')).read().strip()|" \
    "$wdir/buildbot.tac"
  grep -q "^passwd = open(" "$wdir/buildbot.tac" || die "could not set the password in $wdir/buildbot.tac"
  timeout 60 buildbot-worker start "$wdir" >/dev/null || die "worker w$i did not start (see $wdir/twistd.log)"
done

# --- measure --------------------------------------------------------------------------------------------------
# In the background + wait, not exec and not in the foreground: bash runs a signal trap only after a foreground
# child returns, so SIGTERM would otherwise wait for the whole measurement; `wait` is interrupted at once.
$PY "$HERE/bench.py" "$MODE" --port "$WWW_PORT" --workers "$WORKERS" --slots "$SLOTS" \
  --runs "$RUNS" --warmup "$WARMUP" --builds "$BUILDS" "${POLL[@]}" \
  --version-label "$BB_VERSION" --worker-version-label "$BBW_VERSION" &
BENCH_PID=$!
wait "$BENCH_PID"
