package io.ocelot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.ocelot.core.Json;
import io.ocelot.e2e.E2eRig;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.Stage;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.RepositoryName;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * P8: push event → the first line of stage output visible to a user, Docker executor, one idle werker (one build at
 * a time). The line is read where users and the {@code ocelot} CLI read a log: the user REST API over HTTP
 * ({@code GET /rest/ocelot/1.0/builds/{id}/log}, a personal access token as {@code Authorization: Bearer}), on the
 * harness's HTTP server. Right after the push event the benchmark asks, every {@value #POLL_MS} ms, the repository's
 * build list ({@code projects/{p}/repos/{r}/builds?branch=main}) for the build of the new commit, then follows that
 * build's log as {@code ocelot logs -f} does: each read from the offset it has read up to, with {@code wait} (the
 * plugin answers once it has bytes past the offset), until a stdout chunk holds the line {@value #LINE}. The stage
 * goes on with {@code sleep 1}, so the line must come while the stage still runs, not with its end. Each build is
 * waited for up to its final status before the next push. Peer: {@code docker run --rm IMAGE sh -c 'echo first-line; sleep 1'}, from
 * the CLI's start to the first line read from its stdout, interleaved with Ocelot's runs, each run (Ocelot's or
 * the peer's) {@link BenchRepo#IDLE_MS} after the last Ocelot build's status.
 */
final class P8FirstLogLine {
    static final String LINE = "first-line";
    static final long POLL_MS = 5;
    /** How long each log read may wait at the plugin for the next bytes. */
    static final int LOG_WAIT_SECONDS = 10;
    private static final String PROJECT = "BENCH";
    private static final String SLUG = "p8";
    private static final String USER = "bench";
    private static final String TOKEN = "t-bench-p8";
    private static final long BUILD_TIMEOUT_MS = 60_000;

    private P8FirstLogLine() {
    }

    static String pipeline() {
        return "image: " + E2eRig.IMAGE + "\nstages:\n  - name: first\n    script:\n      - echo " + LINE
                + "\n      - sleep 1\n";
    }

    static List<Row> run(int runs, int warmup) throws Exception {
        return BenchRig.within("P8", rig -> {
            PluginHarness h = rig.plugin(new OcelotConfig()); // Bitbucket's timings
            BenchRepo repo = rig.repo(h, PROJECT, SLUG);
            h.users().user(USER, TOKEN).grant(USER, new RepositoryName(PROJECT, SLUG), RepoPermission.REPO_READ);
            repo.init(pipeline());
            rig.werker(h, "p8", 1);
            UserApiTail api = new UserApiTail(h.userApiUrl());
            Out.progress("P8: " + warmup + " warm-up, then " + runs + " builds interleaved with bare docker runs");
            for (int i = 0; i < warmup; i++) {
                repo.pushNewCommit(BUILD_TIMEOUT_MS, api::awaitFirstLine);
                DockerRun.firstLine(LINE);
            }
            List<Double> ocelot = new ArrayList<>(), docker = new ArrayList<>();
            List<Double> trigger = new ArrayList<>(), queued = new ArrayList<>(), toStage = new ArrayList<>(),
                    toLine = new ArrayList<>(), found = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                api.foundAtNanos = 0;
                BenchRepo.Watched w = repo.pushNewCommit(BUILD_TIMEOUT_MS, api::awaitFirstLine);
                ocelot.add(w.watchedMs());
                Build b = w.timed().build();
                long eventAt = w.timed().eventAtMillis();
                trigger.add((double) (b.queuedAt() - eventAt));
                queued.add((double) (b.startedAt() - b.queuedAt()));
                // the stage's start as the werker reported it (its clock: the same machine's)
                long stageAt = h.builds().stages(b.id()).stream().mapToLong(Stage::startedAt).filter(t -> t > 0)
                        .min().orElse(0);
                if (stageAt > 0) {
                    toStage.add((double) (stageAt - b.startedAt()));
                    toLine.add(eventAt + w.watchedMs() - stageAt);
                }
                found.add((api.foundAtNanos - api.eventNanos) / 1e6);
                repo.awaitIdle(); // docker run does not compete with the werker's clean-up after the status
                docker.add(DockerRun.firstLine(LINE));
            }
            Out.detail("P8 push→first log line ms: " + Stats.list(ocelot) + "; " + Stats.medianP90(ocelot)
                    + "; docker run → first stdout line ms: " + Stats.list(docker) + "; " + Stats.medianP90(docker));
            Out.detail("P8 phases (medians, ms): event→queued " + Stats.ms(Stats.median(trigger)) + ", queued→leased "
                    + Stats.ms(Stats.median(queued)) + ", leased→stage started (clone, container set-up) "
                    + Stats.ms(Stats.median(toStage)) + ", stage started→first line read through the user API "
                    + Stats.ms(Stats.median(toLine)) + "; the build was found in the user API's build list "
                    + Stats.ms(Stats.median(found)) + " after the event; " + api.requests + " user API requests in all");
            return List.of(Row.of("P8 push→first log line, docker (" + runs + " runs)", Stats.median(ocelot),
                    Stats.medianP90(ocelot), Stats.median(docker), Stats.medianP90(docker)));
        });
    }

    /** A user reading a build's log over the user REST API as it is written: a real HTTP client, a bearer token. */
    private static final class UserApiTail {
        private final String base;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        long eventNanos;
        long foundAtNanos;
        long requests;

        UserApiTail(String base) {
            this.base = base;
        }

        /** Finds the commit's build, then reads its log until a stdout line is {@link #LINE}; returns when it did. */
        long awaitFirstLine(String commit, long eventNanos, long deadlineNanos) throws Exception {
            this.eventNanos = eventNanos;
            long id = -1;
            while (id < 0) {
                for (JsonNode b : get("/projects/" + PROJECT + "/repos/" + SLUG + "/builds?branch=" + BenchRepo.BRANCH
                        + "&limit=5", deadlineNanos, "the build of " + commit)) {
                    if (commit.equals(b.path("commit").asText())) {
                        id = b.path("id").asLong();
                    }
                }
                if (id < 0) {
                    pause(deadlineNanos, "the build of " + commit);
                }
            }
            foundAtNanos = System.nanoTime();
            long offset = 0;
            StringBuilder stdout = new StringBuilder("\n");
            while (true) {
                JsonNode page = get("/builds/" + id + "/log?offset=" + offset + "&wait=" + LOG_WAIT_SECONDS,
                        deadlineNanos, "build " + id + "'s first line");
                for (JsonNode c : page.path("chunks")) {
                    if ("STDOUT".equals(c.path("stream").asText())) {
                        stdout.append(c.path("text").asText());
                    }
                }
                if (stdout.indexOf("\n" + LINE + "\n") >= 0) {
                    return System.nanoTime();
                }
                if (page.path("complete").asBoolean()) {
                    throw new IllegalStateException("build " + id + "'s log is complete without the line " + LINE
                            + "; its stdout: " + stdout);
                }
                offset = page.path("nextOffset").asLong(); // asked again at once: the read waits at the plugin
            }
        }

        private JsonNode get(String path, long deadlineNanos, String what) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer " + TOKEN).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(LOG_WAIT_SECONDS + 10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            requests++;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new IllegalStateException("no " + what + " through the user API in time");
            }
            return Json.mapper().readTree(r.body());
        }

        private static void pause(long deadlineNanos, String what) throws InterruptedException {
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new IllegalStateException("no " + what + " through the user API within " + BUILD_TIMEOUT_MS
                        + " ms");
            }
            Thread.sleep(POLL_MS);
        }
    }
}
