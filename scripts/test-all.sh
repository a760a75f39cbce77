#!/usr/bin/env bash
# Runs every test of both builds on a fresh machine: sets up Docker and the local test image, PostgreSQL (the store
# tests run on it as well as on HSQLDB), builds and tests the
# `ocelot` binary (remote-werker/), then builds and tests the plugin (whose end-to-end tests start that binary).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-docker.sh --test-tools
scripts/setup-postgres.sh
MVN="mvn -B -ntp"
$MVN -f remote-werker/pom.xml verify
$MVN -f pom.xml verify
