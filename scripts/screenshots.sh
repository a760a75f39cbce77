#!/usr/bin/env bash
# Screenshots of Ocelot's pages (build page, build list, settings page, admin page) for a person to look at: serves
# them with the real servlets, REST resources and scripts over realistic in-memory data, rendered by Google Soy 2016-08-09 (the
# test renderer, as strict as Bitbucket's 2014 Soy), and shoots them with headless Chromium.
# Installs Debian's chromium if missing. Output: target/screenshots/*.png (and the HTML the servlet sent).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  echo "screenshots: installing chromium (Debian package) ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
mvn -B -q -ntp test-compile
mvn -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp=$(cat target/test-classpath.txt)
# Soy 2016-08-09 reflects into java.lang on Java 17 (the same flag as surefire's argLine in pom.xml)
java --add-opens java.base/java.lang=ALL-UNNAMED -Dsun.net.httpserver.nodelay=true -Docelot.repo.root="$PWD" \
  -cp "target/test-classes:target/classes:$cp" io.ocelot.plugin.testkit.ScreenshotPages target/screenshots "$(command -v chromium)"
