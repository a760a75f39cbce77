#!/usr/bin/env bash
# Makes a Docker engine and Ocelot's local test image available on this machine (Debian, as root):
#   - installs git, Debian's docker.io and busybox-static when missing (with --test-tools also what the test suite
#     needs beyond that: docker-registry and apache2-utils for the private-registry pull test, nodejs for the
#     browser-script tests, chromium for the build-page browser test, openssh-server for the SSH-key clone test),
#   - starts dockerd when no engine answers,
#   - builds the image `ocelot/busybox:latest` locally (no registry is needed: `docker import` of a busybox rootfs).
# Safe to run again: each step is skipped when already done.
set -euo pipefail

IMAGE=${OCELOT_TEST_IMAGE:-ocelot/busybox:latest}
log() { echo "setup-docker: $*" >&2; }

need_install=()
command -v git >/dev/null 2>&1 || need_install+=(git)
command -v dockerd >/dev/null 2>&1 || need_install+=(docker.io)
[ -f /usr/share/doc/busybox-static/copyright ] || need_install+=(busybox-static)
if [ "${1:-}" = --test-tools ]; then
  # the engine's private-registry test: a real registry with htpasswd auth on loopback
  command -v docker-registry >/dev/null 2>&1 || need_install+=(docker-registry)
  command -v htpasswd >/dev/null 2>&1 || need_install+=(apache2-utils)
  # the build page's scripts are tested with `node --test`
  command -v node >/dev/null 2>&1 || need_install+=(nodejs)
  # the build page is clicked through in headless Chromium (BuildPageInChromiumTest, scripts/screenshots.sh)
  [ -x /usr/bin/chromium ] || need_install+=(chromium)
  # the engine's SSH-key clone test runs its own sshd on loopback
  [ -x /usr/sbin/sshd ] || need_install+=(openssh-server)
fi
if [ ${#need_install[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    log "missing ${need_install[*]}; run as root: apt-get update && apt-get install -y ${need_install[*]}"
    exit 3
  fi
  log "installing ${need_install[*]}"
  apt-get update -qq
  apt-get install -y -qq "${need_install[@]}" >/dev/null
fi

if ! timeout 10 docker info >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    log "no Docker engine answers; start one as root: dockerd &  (or: systemctl start docker)"
    exit 3
  fi
  log "starting dockerd"
  mkdir -p /var/log
  nohup dockerd >/var/log/ocelot-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    timeout 5 docker info >/dev/null 2>&1 && break
    sleep 1
  done
  timeout 10 docker info >/dev/null 2>&1 || { log "dockerd did not come up; see /var/log/ocelot-dockerd.log"; tail -20 /var/log/ocelot-dockerd.log >&2; exit 3; }
fi

if ! docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "building $IMAGE from busybox-static"
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root"/bin "$root"/tmp "$root"/etc "$root"/root "$root"/workspace
  chmod 1777 "$root"/tmp
  cp /bin/busybox "$root"/bin/busybox
  for applet in $("$root"/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$root"/etc/passwd
  echo 'root:x:0:' > "$root"/etc/group
  tar -C "$root" -c . | docker import \
      --change 'ENV PATH=/bin' --change 'CMD ["/bin/sh"]' --change 'WORKDIR /' - "$IMAGE" >/dev/null
fi
log "ready: $(docker version --format 'engine {{.Server.Version}}, API {{.Server.APIVersion}}'), image $IMAGE"
