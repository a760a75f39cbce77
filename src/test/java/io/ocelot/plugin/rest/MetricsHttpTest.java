package io.ocelot.plugin.rest;

import io.ocelot.core.Json;
import io.ocelot.core.api.MetricsTokenView;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LogAppend;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.Changeset;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.crypto.Hashing;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.testkit.Fixture;
import io.ocelot.plugin.testkit.InMemoryRepositoryFiles;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.MutableClock;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.WerkerHttp;
import io.ocelot.plugin.trigger.PlanOutcome;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * {@code GET /rest/ocelot/1.0/metrics} over real HTTP: ADMIN or the metrics token only, and the values after real
 * builds run through the werker protocol (one passed, one failed, one queued) and a push Bitbucket kept refusing.
 */
public class MetricsHttpTest {
    private static final io.ocelot.plugin.ui.RepositoryName REPO = new io.ocelot.plugin.ui.RepositoryName("PROJ", "repo");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final InMemoryRepositoryFiles files = new InMemoryRepositoryFiles();
    private final MutableClock clock = new MutableClock();
    private final InMemoryUserPermissions users = new InMemoryUserPermissions()
            .user("root", "t-root").admin("root")
            .user("ada", "t-ada").grant("ada", REPO, RepoPermission.REPO_ADMIN);
    private PluginHarness h;
    private RepositoryRef repo;

    @Before
    public void start() {
        h = PluginHarness.start(PluginHarness.options().users(users).clock(clock)
                .files((r, commit, path) -> {
                    if (commit.equals(sha(4))) {
                        throw new IllegalStateException("ContentService: storage offline");
                    }
                    return files.read(r, commit, path);
                })
                .changesets((r, since, until) -> new Changeset(List.of("msg"), List.of("a.txt")))
                .planner((pipeline, name, content, event) -> new PlanOutcome.Planned(Fixture.plan("ocelot/busybox", null, "build")))
                .config(new OcelotConfig().with(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(20))));
        repo = h.enableRepository("PROJ", "repo");
    }

    @After
    public void stop() {
        h.close();
    }

    private HttpResponse<String> call(String method, String path, String bearer, String metricsToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.userApiUrl() + path)).timeout(Duration.ofSeconds(20))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}")
                        : HttpRequest.BodyPublishers.noBody());
        if (method.equals("POST")) {
            b.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (metricsToken != null) {
            b.header("X-Ocelot-Metrics-Token", metricsToken);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs one build to its end through the werker endpoints: waits {@code waitMs} queued, runs {@code runMs}. */
    private void runBuild(String werker, int commit, long waitMs, long runMs, BuildResult result, String log)
            throws Exception {
        files.put(repo, sha(commit), "ocelot.yml", "image: ocelot/busybox\n");
        h.push(repo, "main", null, sha(commit));
        clock.advance(Duration.ofMillis(waitMs));
        HttpResponse<String> polled = WerkerHttp.post(h, "/poll", werker,
                Json.write(new PollRequest(Protocol.VERSION, 1, List.of())));
        assertEquals(polled.body(), 200, polled.statusCode());
        Job job = Json.read(polled.body(), Job.class);
        String base = "/builds/" + job.buildId();
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            assertEquals(200, WerkerHttp.post(h, base + "/log", werker,
                    Json.write(new LogAppend(job.lease(), 0, 0, LogStream.STDOUT, bytes))).statusCode());
        }
        clock.advance(Duration.ofMillis(runMs));
        StageStatus stage = result == BuildResult.PASSED ? StageStatus.PASSED : StageStatus.FAILED;
        assertEquals(204, WerkerHttp.post(h, base + "/stage", werker, Json.write(new StageUpdate(job.lease(), 0,
                "build", stage, result == BuildResult.PASSED ? 0 : 1, clock.millis() - runMs, runMs, null))).statusCode());
        HttpResponse<String> finished = WerkerHttp.post(h, base + "/finish", werker,
                Json.write(new FinishRequest(job.lease(), result, "done", bytes.length)));
        assertEquals(finished.body(), 200, finished.statusCode());
    }

    private static void assertSample(String body, String sample) {
        assertTrue("expected the line '" + sample + "' in:\n" + body, body.lines().anyMatch(sample::equals));
    }

    @Test
    public void onlyAnAdminOrTheMetricsTokenMayScrape() throws Exception {
        assertEquals(401, call("GET", "/metrics", null, null).statusCode());
        HttpResponse<String> notAdmin = call("GET", "/metrics", "t-ada", null);
        assertEquals(notAdmin.body(), 403, notAdmin.statusCode());
        HttpResponse<String> admin = call("GET", "/metrics", "t-root", null);
        assertEquals(admin.body(), 200, admin.statusCode());
        String type = admin.headers().firstValue("Content-Type").orElse("");
        assertTrue(type, type.startsWith("text/plain") && type.contains("version=0.0.4"));

        assertEquals("no token set yet: any token is wrong", 401, call("GET", "/metrics", null, "ocm_guess").statusCode());
        assertEquals("only an admin makes one", 403, call("POST", "/admin/metrics-token", "t-ada", null).statusCode());
        HttpResponse<String> made = call("POST", "/admin/metrics-token", "t-root", null);
        assertEquals(made.body(), 200, made.statusCode());
        String token = Json.read(made.body(), MetricsTokenView.class).token();
        assertTrue(token, token.startsWith("ocm_"));
        assertEquals("stored hashed, never in clear", Hashing.sha256Hex(token),
                h.services().settings.get("metrics.tokenHash").orElseThrow());
        HttpResponse<String> state = call("GET", "/admin/metrics-token", "t-root", null);
        assertTrue(state.body(), Json.read(state.body(), MetricsTokenView.class).set());
        assertFalse("the token is shown once only", state.body().contains(token));

        HttpResponse<String> scraper = call("GET", "/metrics", null, token);
        assertEquals(scraper.body(), 200, scraper.statusCode());
        assertEquals("a non-admin with the token may scrape", 200, call("GET", "/metrics", "t-ada", token).statusCode());
        assertEquals(401, call("GET", "/metrics", null, token + "x").statusCode());

        assertEquals(204, call("DELETE", "/admin/metrics-token", "t-root", null).statusCode());
        assertEquals("revoked at once", 401, call("GET", "/metrics", null, token).statusCode());
    }

    @Test
    public void theValuesFollowRealBuilds() throws Exception {
        String werker = WerkerHttp.register(h, "w1", 1).token();
        runBuild(werker, 1, 3_000, 20_000, BuildResult.PASSED, "hello world\n"); // 12 bytes of log
        runBuild(werker, 2, 0, 40_000, BuildResult.FAILED, "");
        files.put(repo, sha(3), "ocelot.yml", "image: ocelot/busybox\n");
        h.push(repo, "main", null, sha(3)); // stays queued
        h.push(repo, "main", null, sha(4)); // Bitbucket keeps refusing it: a failed trigger

        HttpResponse<String> r = call("GET", "/metrics", "t-root", null);
        assertEquals(r.body(), 200, r.statusCode());
        String m = r.body();
        assertSample(m, "# TYPE ocelot_builds_finished_total counter");
        assertSample(m, "ocelot_builds_finished_total{result=\"passed\"} 1");
        // the failed build and the one the given-up trigger left
        assertSample(m, "ocelot_builds_finished_total{result=\"failed\"} 2");
        assertSample(m, "ocelot_builds_finished_total{result=\"errored\"} 0");
        assertSample(m, "ocelot_builds{state=\"queued\"} 1");
        assertSample(m, "ocelot_builds{state=\"running\"} 0");
        assertSample(m, "ocelot_queue_depth{labels=\"\"} 1");
        assertSample(m, "ocelot_leases_held 0");
        assertSample(m, "ocelot_requeues_total 0");
        assertSample(m, "ocelot_lease_expiries_total 0");
        assertSample(m, "# TYPE ocelot_queue_wait_seconds histogram");
        assertSample(m, "ocelot_queue_wait_seconds_bucket{le=\"1\"} 1");
        assertSample(m, "ocelot_queue_wait_seconds_bucket{le=\"5\"} 2");
        assertSample(m, "ocelot_queue_wait_seconds_bucket{le=\"+Inf\"} 2");
        assertSample(m, "ocelot_queue_wait_seconds_sum 3");
        assertSample(m, "ocelot_queue_wait_seconds_count 2");
        assertSample(m, "ocelot_build_duration_seconds_bucket{le=\"30\"} 1");
        assertSample(m, "ocelot_build_duration_seconds_bucket{le=\"60\"} 2");
        assertSample(m, "ocelot_build_duration_seconds_bucket{le=\"120\"} 2");
        assertSample(m, "ocelot_build_duration_seconds_sum 60");
        assertSample(m, "ocelot_build_duration_seconds_count 2");
        assertSample(m, "ocelot_log_bytes_stored 12");
        assertSample(m, "ocelot_triggers{state=\"pending\"} 0");
        assertSample(m, "ocelot_triggers{state=\"failed\"} 1");
        assertSample(m, "ocelot_werkers{state=\"online\"} 1");
        assertSample(m, "ocelot_werkers{state=\"offline\"} 0");
    }
}
