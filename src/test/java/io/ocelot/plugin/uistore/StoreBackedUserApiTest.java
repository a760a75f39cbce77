package io.ocelot.plugin.uistore;

import io.ocelot.core.Json;
import io.ocelot.core.api.ApiBuildState;
import io.ocelot.core.api.BuildDetail;
import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.ErrorReply;
import io.ocelot.core.api.LogPage;
import io.ocelot.core.api.SettingsView;
import io.ocelot.core.api.StatusReply;
import io.ocelot.core.api.TriggerResponse;
import io.ocelot.core.api.WerkerView;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.protocol.Messages;
import io.ocelot.plugin.repo.RepositorySettings;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.Shell;
import io.ocelot.plugin.ui.BuildFilter;
import io.ocelot.plugin.ui.RepoPermission;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * The user REST API and the store-backed ports on the REAL plugin: pushes to real git repositories make builds
 * through the trigger service into AO (HSQLDB), a werker leases and runs them over the werker protocol, and the
 * user API (Jersey, same server) reads, kills, triggers and configures them as a user with a token would.
 */
public class StoreBackedUserApiTest {
    static final String PIPELINE = "image: ocelot/busybox\nbranches: [main, release/.*]\nstages:\n"
            + "  - name: build\n    script: [echo build]\n  - name: test\n    script: [echo test]\n";
    private StoreWorld w;
    private StoreWorld.Repo app;

    @Before
    public void start() {
        w = new StoreWorld();
        app = w.repo("PROJ", "app");
        w.h.enableRepository("PROJ", "app");
    }

    @After
    public void stop() {
        w.close();
    }

    private BuildDetail detail(long id) {
        return w.apiOk(BuildDetail.class, "GET", "/builds/" + id, "t-reader", null);
    }

    private long onlyBuildOf(String commit) {
        List<io.ocelot.plugin.build.Build> builds = w.h.builds().byCommitPrefix(commit, 10);
        assertEquals(1, builds.size());
        return builds.get(0).id();
    }

    @Test
    public void buildListsFilterByBranchResultAndGroupNewestFirst() {
        String first = app.commit("first", "ocelot.yml", PIPELINE);
        app.push("main");
        long a = onlyBuildOf(first);
        w.h.configure(RepositorySettings.enabledWithDefaults(app.ref).withBuildGroup("web"));
        app.checkout("release/1");
        String second = app.commit("second");
        app.push("release/1");
        long b = onlyBuildOf(second);

        List<BuildSummary> all = List.of(w.apiOk(BuildSummary[].class, "GET", "/projects/PROJ/repos/app/builds", "t-reader", null));
        assertEquals(List.of(b, a), all.stream().map(BuildSummary::id).toList());
        assertEquals("second", all.get(0).commitMessage());
        assertEquals("PUSH", all.get(0).trigger());
        assertEquals(List.of(a), ids("/projects/PROJ/repos/app/builds?branch=main"));
        assertEquals(List.of(b), ids("/projects/PROJ/repos/app/builds?group=web"));
        assertEquals("a group lists its repositories' builds", List.of(b, a), ids("/groups/web/builds"));

        StoreWorld.Werker werker = w.werker("w1");
        Messages.Job job = werker.poll(); // the oldest first
        assertEquals(a, job.buildId());
        assertEquals(List.of(a), ids("/projects/PROJ/repos/app/builds?result=RUNNING"));
        werker.finish(job, BuildResult.PASSED, null, 0);
        assertEquals(List.of(a), ids("/projects/PROJ/repos/app/builds?result=passed"));
        assertEquals(List.of(b), ids("/projects/PROJ/repos/app/builds?result=QUEUED"));
        assertEquals(List.of(), ids("/projects/PROJ/repos/app/builds?result=FAILED"));
        assertEquals(400, w.api("GET", "/projects/PROJ/repos/app/builds?result=GREEN", "t-reader", null).statusCode());
    }

    private List<Long> ids(String path) {
        return List.of(w.apiOk(BuildSummary[].class, "GET", path, "t-reader", null)).stream().map(BuildSummary::id).toList();
    }

    @Test
    public void statusByHashPrefixIsNewestFirstAndAmbiguousAcrossRepositories() {
        String head = app.commit("work", "ocelot.yml", PIPELINE);
        app.push("main");
        long pushed = onlyBuildOf(head);
        TriggerResponse rebuilt = w.apiOk(TriggerResponse.class, "POST", "/builds/" + pushed + "/rebuild", "t-writer", null);
        StatusReply status = w.apiOk(StatusReply.class, "GET", "/status?ref=" + head.substring(0, 8), "t-reader", null);
        assertEquals("PROJ/app", status.repository());
        assertEquals(head, status.commit());
        assertEquals(List.of(rebuilt.buildId(), pushed), status.builds().stream().map(BuildSummary::id).toList());

        // the same commit pushed to a second repository (a fork): the prefix now names two repositories
        StoreWorld.Repo fork = w.repo("PROJ", "fork");
        w.h.enableRepository("PROJ", "fork");
        Shell.git(fork.work, "pull", "-q", app.bare.toString(), "main");
        fork.push("main");
        w.users.grant("reader", new io.ocelot.plugin.ui.RepositoryName("PROJ", "fork"), RepoPermission.REPO_READ);
        HttpResponse<String> r = w.api("GET", "/status?ref=" + head.substring(0, 8), "t-reader", null);
        assertEquals(r.body(), 409, r.statusCode());
        assertEquals(List.of("PROJ/app", "PROJ/fork"), Json.read(r.body(), ErrorReply.class).candidates().stream().sorted().toList());
    }

    @Test
    public void detailAndLogPagesFollowTheWerkerByteForByte() {
        String head = app.commit("Make it faster", "ocelot.yml", PIPELINE);
        app.push("main");
        long id = onlyBuildOf(head);
        StoreWorld.Werker werker = w.werker("werker-7");
        Messages.Job job = werker.poll();
        byte[] out = "héllo wörld\n".getBytes(StandardCharsets.UTF_8);
        byte[] err = "\u001b[31moops\u001b[0m\n".getBytes(StandardCharsets.UTF_8);
        werker.stage(job, 0, StageStatus.RUNNING, null, null);
        long at = werker.log(job, 0, 0, Messages.LogStream.STDOUT, out);
        werker.stage(job, 0, StageStatus.PASSED, 0, "exit code 0");
        werker.stage(job, 1, StageStatus.RUNNING, null, null);
        at = werker.log(job, at, 1, Messages.LogStream.STDERR, err);
        werker.stage(job, 1, StageStatus.FAILED, 2, "exit code 2");

        BuildDetail running = detail(id);
        assertEquals(ApiBuildState.RUNNING, running.build().state());
        assertEquals("werker-7", running.build().werker());
        assertEquals("admin", running.build().triggeredBy());
        assertNotNull(running.build().startedAt());
        assertEquals(at, running.logLength());
        assertEquals(List.of(StageStatus.PASSED, StageStatus.FAILED), running.stages().stream().map(s -> s.status()).toList());
        assertEquals(Integer.valueOf(2), running.stages().get(1).exitCode());

        // small pages never split a character and carry stage and stream; the tail is not complete while running
        Map<String, StringBuilder> byStageAndStream = new java.util.TreeMap<>();
        long offset = 0;
        LogPage page;
        int pages = 0;
        do {
            page = w.apiOk(LogPage.class, "GET", "/builds/" + id + "/log?offset=" + offset + "&limit=3", "t-reader", null);
            for (LogPage.Chunk c : page.chunks()) {
                assertFalse("a page split a character: " + c.text(), c.text().contains("\uFFFD"));
                byStageAndStream.computeIfAbsent(c.stage() + c.stream(), k -> new StringBuilder()).append(c.text());
            }
            assertTrue("pages move on", page.nextOffset() > offset);
            offset = page.nextOffset();
        } while (offset < page.length() && ++pages < 100);
        assertTrue("several small pages", pages > 5);
        assertFalse("still running: the tail goes on", page.complete());
        assertEquals("héllo wörld\n", byStageAndStream.get("0STDOUT").toString());
        assertEquals("\u001b[31moops\u001b[0m\n", byStageAndStream.get("1STDERR").toString());

        werker.finish(job, BuildResult.FAILED, "exit code 2 in test", at);
        BuildDetail done = detail(id);
        assertEquals(ApiBuildState.FAILED, done.build().state());
        assertEquals("exit code 2 in test", done.message());
        LogPage whole = w.apiOk(LogPage.class, "GET", "/builds/" + id + "/log", "t-reader", null);
        assertTrue(whole.complete());
        assertEquals(List.of("STDOUT", "STDERR"), whole.chunks().stream().map(LogPage.Chunk::stream).toList());
        assertEquals("héllo wörld\n", whole.chunks().get(0).text());
    }

    /**
     * A follower's read with {@code wait}: held while the werker has sent nothing new, answered with the werker's
     * next bytes once the plugin has them (not at the end of the wait), and at once for a build that is over.
     */
    @Test
    public void aLogReadThatWaitsIsAnsweredWithTheWerkersNextBytes() throws Exception {
        String head = app.commit("tail me", "ocelot.yml", PIPELINE);
        app.push("main");
        long id = onlyBuildOf(head);
        StoreWorld.Werker werker = w.werker("werker-8");
        Messages.Job job = werker.poll();
        werker.stage(job, 0, StageStatus.RUNNING, null, null);
        long at = werker.log(job, 0, 0, Messages.LogStream.STDOUT, "set-up\n".getBytes(StandardCharsets.UTF_8));
        String tail = "/builds/" + id + "/log?offset=" + at + "&wait=20";
        java.util.concurrent.CompletableFuture<LogPage> waiting = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> w.apiOk(LogPage.class, "GET", tail, "t-reader", null));
        Thread.sleep(300);
        assertFalse("nothing new yet: held", waiting.isDone());
        long sent = System.nanoTime();
        long end = werker.log(job, at, 0, Messages.LogStream.STDOUT, "first-line\n".getBytes(StandardCharsets.UTF_8));
        LogPage page = waiting.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue("answered by the bytes, not by the end of the wait",
                System.nanoTime() - sent < java.util.concurrent.TimeUnit.SECONDS.toNanos(10));
        assertEquals(end, page.nextOffset());
        assertEquals("first-line\n", page.chunks().get(0).text());
        assertFalse(page.complete());

        werker.finish(job, BuildResult.PASSED, null, end);
        long asked = System.nanoTime();
        LogPage over = w.apiOk(LogPage.class, "GET", "/builds/" + id + "/log?offset=" + end + "&wait=20", "t-reader",
                null);
        assertTrue("a finished build's log is answered at once",
                System.nanoTime() - asked < java.util.concurrent.TimeUnit.SECONDS.toNanos(10));
        assertTrue(over.complete());
        HttpResponse<String> bad = w.api("GET", "/builds/" + id + "/log?wait=26", "t-reader", null);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("wait must be between 0 and 25 seconds, not 26"));
        assertEquals("no wait for whoever may not read the build", 401,
                w.api("GET", "/builds/" + id + "/log?wait=20", null, null).statusCode());
    }

    @Test
    public void killEndsAQueuedBuildAtOnceAndARunningOneThroughItsWerker() {
        String one = app.commit("one", "ocelot.yml", PIPELINE);
        app.push("main");
        long queued = onlyBuildOf(one);
        assertEquals(401, w.api("POST", "/builds/" + queued + "/kill", null, null).statusCode());
        assertEquals(403, w.api("POST", "/builds/" + queued + "/kill", "t-reader", null).statusCode());
        BuildSummary killed = w.apiOk(BuildSummary.class, "POST", "/builds/" + queued + "/kill", "t-writer", null);
        assertEquals(ApiBuildState.CANCELLED, killed.state());
        assertEquals("cancelled by writer", detail(queued).message());
        List<io.ocelot.plugin.status.BuildStatus> statuses = w.h.statuses().forCommit(one);
        assertEquals(StatusState.CANCELLED, statuses.get(statuses.size() - 1).state());
        assertEquals(409, w.api("POST", "/builds/" + queued + "/kill", "t-writer", null).statusCode());

        String two = app.commit("two");
        app.push("main");
        long running = onlyBuildOf(two);
        StoreWorld.Werker werker = w.werker("w1");
        Messages.Job job = werker.poll();
        assertEquals(running, job.buildId());
        assertEquals(ApiBuildState.RUNNING, w.apiOk(BuildSummary.class, "POST", "/builds/" + running + "/kill", "t-writer", null).state());
        Messages.HeartbeatReply hb = werker.heartbeat(job);
        assertTrue(hb.cancel());
        assertEquals("cancelled by writer", hb.cancelReason());
        werker.finish(job, BuildResult.CANCELLED, null, 0);
        BuildDetail done = detail(running);
        assertEquals(ApiBuildState.CANCELLED, done.build().state());
        assertEquals("cancelled by writer", done.message());
        assertEquals(409, w.api("POST", "/builds/" + running + "/kill", "t-writer", null).statusCode());
    }

    @Test
    public void triggerBuildsABranchHeadOrACommitAndRespectsTheFileUnlessForced() {
        String main = app.commit("main work", "ocelot.yml", PIPELINE);
        app.push("main");
        app.checkout("wip");
        String wip = app.commit("wip work");
        app.push("wip"); // not in branches: no build
        assertTrue(w.h.builds().byCommitPrefix(wip, 10).isEmpty());

        TriggerResponse refused = w.apiOk(TriggerResponse.class, "POST", "/projects/PROJ/repos/app/trigger", "t-writer",
                "{\"branch\":\"wip\"}");
        assertNull(refused.buildId());
        assertEquals(wip, refused.commit());
        assertTrue(refused.reason(), refused.reason().contains("does not match branches"));

        TriggerResponse forced = w.apiOk(TriggerResponse.class, "POST", "/projects/PROJ/repos/app/trigger", "t-writer",
                "{\"branch\":\"wip\",\"force\":true}");
        BuildSummary b = detail(forced.buildId()).build();
        assertEquals("wip", b.branch());
        assertEquals(wip, b.commit());
        assertEquals("MANUAL", b.trigger());
        assertEquals("writer", b.triggeredBy());
        assertEquals(ApiBuildState.QUEUED, b.state());

        TriggerResponse byCommit = w.apiOk(TriggerResponse.class, "POST", "/projects/PROJ/repos/app/trigger", "t-writer",
                "{\"commit\":\"" + main.substring(0, 7) + "\"}");
        assertEquals(main, byCommit.commit());
        assertEquals("main", byCommit.branch());
        assertEquals(2, w.h.builds().byCommitPrefix(main, 10).size()); // a manual build is a new build
        // the ocelot command line says so, and the build records it as a CLI trigger
        TriggerResponse fromCli = w.apiOk(TriggerResponse.class, "POST", "/projects/PROJ/repos/app/trigger", "t-writer",
                "{\"commit\":\"" + main.substring(0, 7) + "\",\"via\":\"cli\"}");
        assertEquals("CLI", detail(fromCli.buildId()).build().trigger());
        assertEquals("MANUAL", detail(byCommit.buildId()).build().trigger());

        TriggerResponse defaultBranch = w.apiOk(TriggerResponse.class, "POST", "/projects/PROJ/repos/app/trigger", "t-writer", "{}");
        assertEquals(main, defaultBranch.commit());

        app.checkout("main");
        String skip = app.commit("docs only [skip ci]");
        app.push("main");
        TriggerResponse skipped = w.apiOk(TriggerResponse.class, "POST", "/projects/PROJ/repos/app/trigger", "t-writer",
                "{\"branch\":\"main\"}");
        assertNull(skipped.buildId());
        assertEquals(skip, skipped.commit());
        assertTrue(skipped.reason(), skipped.reason().contains("skip ci"));

        assertEquals(404, w.api("POST", "/projects/PROJ/repos/app/trigger", "t-writer", "{\"branch\":\"nope\"}").statusCode());
        assertEquals(404, w.api("POST", "/projects/PROJ/repos/app/trigger", "t-writer", "{\"commit\":\"deadbeef\"}").statusCode());
        assertEquals(403, w.api("POST", "/projects/PROJ/repos/app/trigger", "t-reader", "{}").statusCode());
    }

    @Test
    public void rebuildQueuesANewManualBuildOfTheSameCommitAndBranch() {
        String head = app.commit("work", "ocelot.yml", PIPELINE);
        app.push("main");
        long first = onlyBuildOf(head);
        TriggerResponse again = w.apiOk(TriggerResponse.class, "POST", "/builds/" + first + "/rebuild", "t-writer", null);
        assertNotEquals(Long.valueOf(first), again.buildId());
        BuildSummary b = detail(again.buildId()).build();
        assertEquals(head, b.commit());
        assertEquals("main", b.branch());
        assertEquals("MANUAL", b.trigger());
        assertEquals("writer", b.triggeredBy());
        assertEquals(ApiBuildState.QUEUED, b.state());
    }

    @Test
    public void settingsRoundTripKeepsSecretsWriteOnlyEncryptedAndDeliversThemInTheJob() throws Exception {
        String put = "{\"enabled\":true,\"werkerLabels\":[\"linux\"],\"buildTags\":false,\"buildPullRequests\":true,"
                + "\"autoCancel\":true,\"buildGroup\":\"web\",\"secrets\":{\"DEPLOY_KEY\":\"hunter2-very-secret\"},"
                + "\"notificationTargets\":[{\"identifier\":\"team\",\"url\":\"https://hooks.example.com/T0/B0/SECRETPATH\"}]}";
        HttpResponse<String> saved = w.api("PUT", "/projects/PROJ/repos/app/settings", "t-admin", put);
        assertEquals(saved.body(), 200, saved.statusCode());
        assertFalse(saved.body().contains("hunter2"));
        SettingsView view = w.apiOk(SettingsView.class, "GET", "/projects/PROJ/repos/app/settings", "t-admin", null);
        assertEquals(List.of("DEPLOY_KEY"), view.secretNames());
        assertEquals(Map.of(), view.secrets());
        assertEquals("hooks.example.com", view.notificationTargets().get(0).host());
        assertNull(view.notificationTargets().get(0).url());
        assertEquals(List.of("linux"), view.werkerLabels());
        assertEquals("web", view.buildGroup());
        // the core reads the same row
        RepositorySettings core = w.h.services().repositorySettings.get(app.ref);
        assertTrue(core.autoCancel());
        assertEquals("web", core.buildGroup());

        try (Connection c = w.h.database().jdbc(); ResultSet rs = c.createStatement().executeQuery("SELECT * FROM REPO_CONFIG")) {
            ResultSetMetaData md = rs.getMetaData();
            int rows = 0;
            while (rs.next()) {
                rows++;
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String v = rs.getString(i);
                    assertFalse(md.getColumnName(i) + " holds a secret in clear", v != null
                            && (v.contains("hunter2") || v.contains("SECRETPATH")));
                }
            }
            assertEquals(1, rows);
        }

        String head = app.commit("work", "ocelot.yml", PIPELINE);
        app.push("main");
        assertTrue("the repository's werker label is required", w.werker("unlabelled").pollJson().isEmpty());
        String jobJson = w.werker("w1", "linux").pollJson().orElseThrow();
        Messages.Job job = Json.read(jobJson, Messages.Job.class);
        assertEquals(head, job.commit());
        assertEquals(Map.of("DEPLOY_KEY", "hunter2-very-secret"), job.secrets());
        assertEquals("the plan the werker gets has no notify section", null, job.plan().notifications());

        // removing it: the next job has no secret
        String remove = put.replace("\"secrets\":{\"DEPLOY_KEY\":\"hunter2-very-secret\"}", "\"removeSecrets\":[\"DEPLOY_KEY\"]")
                .replace("\"url\":\"https://hooks.example.com/T0/B0/SECRETPATH\"", "\"url\":null");
        assertEquals(List.of(), w.apiOk(SettingsView.class, "PUT", "/projects/PROJ/repos/app/settings", "t-admin", remove).secretNames());
        assertEquals("a target sent without url keeps its URL", 1,
                w.h.services().repositorySettings.notificationTargets(app.ref).size());
        app.commit("more");
        app.push("main");
        assertEquals(Map.of(), w.werker("w2", "linux").poll().secrets());
    }

    @Test
    public void autoEnableSwitchesOnAnUnconfiguredRepositoryWhenAnOcelotYmlAppears() {
        StoreWorld.Repo auto = w.repo("PROJ", "auto");
        auto.commit("no pipeline yet", "README", "hi\n");
        auto.push("main");
        String withFile = auto.commit("add ocelot", "ocelot.yml", PIPELINE);
        auto.push("main");
        assertTrue("auto-enable is off by default", w.h.builds().byCommitPrefix(withFile, 10).isEmpty());

        assertEquals(Boolean.TRUE, w.apiOk(io.ocelot.core.api.AutoEnableView.class, "PUT", "/auto-enable", "t-admin",
                "{\"enabled\":true}").enabled());
        String next = auto.commit("next");
        auto.push("main");
        assertEquals(1, w.h.builds().byCommitPrefix(next, 10).size());
        assertTrue(w.h.services().repositorySettings.get(auto.ref).enabled());
        assertTrue(w.h.services().settingsService.trackedRepositories()
                .contains(new io.ocelot.plugin.ui.RepositoryName("PROJ", "auto")));

        // a project that says no overrides the global yes (the project exists in Bitbucket, with its repository)
        StoreWorld.Repo other = w.repo("OTHER", "x");
        w.apiOk(io.ocelot.core.api.AutoEnableView.class, "PUT", "/projects/OTHER/auto-enable", "t-admin", "{\"enabled\":false}");
        String o = other.commit("pipeline", "ocelot.yml", PIPELINE);
        other.push("main");
        assertTrue(w.h.builds().byCommitPrefix(o, 10).isEmpty());
        assertTrue(w.h.services().repositorySettings.find(other.ref).isEmpty());

        // an explicit "off" stays off
        w.apiOk(SettingsView.class, "POST", "/projects/PROJ/repos/auto/unwatch", "t-admin", null);
        String off = auto.commit("after unwatch");
        auto.push("main");
        assertTrue(w.h.builds().byCommitPrefix(off, 10).isEmpty());
    }

    @Test
    public void werkersAreListedForAdminsWithTheirState() {
        StoreWorld.Werker werker = w.werker("alpha", "linux");
        w.werker("beta");
        List<WerkerView> list = List.of(w.apiOk(WerkerView[].class, "GET", "/werkers", "t-admin", null));
        assertEquals(List.of("alpha", "beta"), list.stream().map(WerkerView::name).toList());
        assertEquals(List.of("ONLINE", "ONLINE"), list.stream().map(WerkerView::state).toList());
        assertEquals(List.of("linux"), list.get(0).labels());
        w.h.services().registry.revoke(list.get(1).id());
        assertEquals("DISABLED", List.of(w.apiOk(WerkerView[].class, "GET", "/werkers", "t-admin", null)).get(1).state());
        assertEquals(403, w.api("GET", "/werkers", "t-writer", null).statusCode());
        assertNotNull(werker.token);
    }

    @Test
    public void theReadModelPortAnswersForUnknownRepositoriesWithNothing() {
        assertEquals(List.of(), w.h.services().readModel.recentBuilds(
                List.of(new io.ocelot.plugin.ui.RepositoryName("NOPE", "nothing")), BuildFilter.NONE, 10));
        assertTrue(w.h.services().readModel.build(12345).isEmpty());
        assertEquals(404, w.api("GET", "/builds/12345/log", "t-admin", null).statusCode());
    }
}
