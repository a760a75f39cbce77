#!/usr/bin/env bash
# Makes a PostgreSQL server available for the store tests on this machine (Debian, as root):
#   - installs Debian's `postgresql` when missing,
#   - starts a cluster when none answers on 127.0.0.1:5432 (the Debian cluster, or creates one),
#   - creates the role `ocelot_test` (password `ocelot_test`, CREATEDB: each test makes and drops its own database).
# Safe to run again: each step is skipped when already done. The tests read OCELOT_TEST_PG (default
# jdbc:postgresql://127.0.0.1:5432/) and fail, never skip, when no server answers.
set -euo pipefail
log() { echo "setup-postgres: $*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    log "missing postgresql; run as root: apt-get update && apt-get install -y postgresql"
    exit 3
  fi
  log "installing postgresql"
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi

ready() { pg_isready -q -h 127.0.0.1 -p 5432; }
if ! ready; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
    log "creating cluster $version/main"
    pg_createcluster "$version" main >/dev/null
  fi
  log "starting PostgreSQL $version"
  pg_ctlcluster "$version" main start
  for _ in $(seq 1 30); do ready && break; sleep 1; done
  ready || { log "PostgreSQL did not come up"; exit 3; }
fi

su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='ocelot_test'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE ocelot_test LOGIN CREATEDB PASSWORD 'ocelot_test'; GRANT pg_signal_backend TO ocelot_test\""
log "ready: $(su postgres -c 'psql -qtAc "SHOW server_version"'), role ocelot_test"
