# Stand-in for the `buildbot-www` package, which Debian does not ship (its web UI is a JavaScript bundle built with
# node). Buildbot's web service refuses to start without a www plugin named "base" (see WWWService.setupSite), yet
# the REST API under /api/v2 — the only part the benchmark uses — lives in buildbot core. This plugin provides the
# "base" slot with an almost empty static directory, so the master serves /api/v2 and no UI.
from buildbot.www.plugin import Application

ep = Application(__name__, "API-only stand-in for buildbot-www (Ocelot benchmarks)")
