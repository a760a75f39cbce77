#!/usr/bin/env bash
# Installs the Buildbot peer for Ocelot's benchmarks (issue 6): Debian bookworm's buildbot 3.7 master and worker.
# Idempotent: does nothing when both packages are already installed. Must run as root (apt-get).
set -euo pipefail

PACKAGES=(buildbot buildbot-worker git)

missing=()
for p in "${PACKAGES[@]}"; do
  # dpkg-query prints "install ok installed" only for a fully installed package.
  if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]]; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup.sh: already installed: ${PACKAGES[*]} ($(dpkg-query -W -f='${Version}' buildbot))"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "setup.sh: must run as root to install: ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Refresh the package index only when apt does not know the package yet (first run on a fresh image).
if ! apt-cache show buildbot >/dev/null 2>&1 || ! apt-cache show buildbot-worker >/dev/null 2>&1; then
  timeout 300 apt-get update
fi
timeout 900 apt-get install -y --no-install-recommends "${missing[@]}"
echo "setup.sh: installed ${missing[*]} (buildbot $(dpkg-query -W -f='${Version}' buildbot))"
