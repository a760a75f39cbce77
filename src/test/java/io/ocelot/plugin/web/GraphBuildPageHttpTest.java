package io.ocelot.plugin.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.ocelot.core.Json;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageMarker;
import io.ocelot.core.build.StageResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.Changeset;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.InMemoryRepositoryFiles;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.MutableClock;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.ScriptedWerker;
import io.ocelot.plugin.trigger.PlanOutcome;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.RepositoryName;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * A stage graph's build page over HTTP: "build" first, then "lint" and "test" at the same time, their log appends
 * interleaved as a werker sends them. Each stage's log section holds only its own lines, the stage table says what
 * each stage needs, and the user REST API's build detail carries the needs too.
 */
public class GraphBuildPageHttpTest {
    private static final Pattern SECTION = Pattern.compile(
            "<span class=\"ocelot-section-title\">([^<]*)</span>.*?<pre class=\"ocelot-log ocelot-section-log\">(.*?)</pre>",
            Pattern.DOTALL);
    private final InMemoryRepositoryFiles files = new InMemoryRepositoryFiles();
    private final InMemoryUserPermissions users = new InMemoryUserPermissions().user("reader", "t-reader")
            .grant("reader", new RepositoryName("PROJ", "app"), RepoPermission.REPO_READ);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PluginHarness h;
    private RepositoryRef repo;
    private ScriptedWerker werker;

    private static PlannedStage stage(String name, String... needs) {
        return new PlannedStage(name, List.of("echo " + name), Map.of(), BuildPlan.CONTAINER_WORKSPACE, 600, false,
                false, null, List.of(), List.of(needs), null, List.of(), null);
    }

    private static BuildPlan graph() {
        return new BuildPlan(BuildPlan.VERSION, BuildPlan.DEFAULT_PIPELINE, "ocelot/busybox", null, 3600,
                BuildPlan.CONTAINER_WORKSPACE, List.of(stage("build"), stage("lint"), stage("test", "build", "lint")));
    }

    @Before
    public void start() throws Exception {
        h = PluginHarness.start(PluginHarness.options().users(users).pages(true).files(files).clock(new MutableClock())
                .changesets((r, since, until) -> new Changeset(List.of("msg"), List.of("a.txt")))
                .planner((pipeline, name, content, event) -> new PlanOutcome.Planned(graph()))
                .config(new OcelotConfig().with(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(20))));
        repo = h.enableRepository("PROJ", "app");
        werker = new ScriptedWerker(h, "w1");
    }

    @After
    public void stop() {
        if (h != null) {
            h.close();
        }
    }

    private void started(Job job, int index, String name) throws Exception {
        werker.stage(job, index, name, StageStatus.RUNNING, null, 0);
        werker.log(job, index, LogStream.SYSTEM, StageMarker.start(index, 3, name));
    }

    private void ended(Job job, int index, String name, StageStatus status, int exit, long millis) throws Exception {
        werker.log(job, index, LogStream.SYSTEM, StageMarker.end(
                new StageResult(index, name, status, exit, millis, "exit code " + exit), 3));
        werker.stage(job, index, name, status, exit, millis);
    }

    /** "build" and "lint" at once, then "test" (which needs both), the werker's own lines in between. */
    private Job ran() throws Exception {
        files.put(repo, sha(1), "ocelot.yml", "image: ocelot/busybox\n");
        List<Build> made = h.push(repo, "main", null, sha(1));
        assertEquals(1, made.size());
        Job job = werker.take();
        werker.log(job, -1, LogStream.SYSTEM, "ocelot: pulling ocelot/busybox\n");
        started(job, 0, "build");
        started(job, 1, "lint");
        werker.log(job, 0, LogStream.STDOUT, "compiling a.c\n");
        werker.log(job, 1, LogStream.STDOUT, "lint a.c ok\n");
        werker.log(job, 0, LogStream.STDERR, "warning: a.c:3 <unused>\n");
        werker.log(job, 1, LogStream.STDOUT, "lint b.c ok\n");
        werker.log(job, 0, LogStream.STDOUT, "compiling b.c\n");
        ended(job, 1, "lint", StageStatus.PASSED, 0, 1_500);
        ended(job, 0, "build", StageStatus.PASSED, 0, 3_000);
        werker.log(job, -1, LogStream.SYSTEM, "ocelot: removed the containers of build, lint\n");
        started(job, 2, "test");
        werker.log(job, 2, LogStream.STDOUT, "test one FAILED\n");
        ended(job, 2, "test", StageStatus.FAILED, 1, 2_000);
        werker.finish(job, BuildResult.FAILED, "stage test failed");
        return job;
    }

    @Test
    public void eachStagesSectionHoldsOnlyItsOwnLinesAndTheStagesSayWhatTheyNeed() throws Exception {
        Job job = ran();
        HttpResponse<String> page = get(h.pagesUrl() + "/plugins/servlet/ocelot/projects/PROJ/repos/app/builds/" + job.buildId());
        assertEquals(page.body(), 200, page.statusCode());
        String html = page.body();

        List<String> titles = new ArrayList<>();
        Map<String, String> texts = new java.util.HashMap<>();
        Matcher m = SECTION.matcher(html);
        while (m.find()) {
            titles.add(m.group(1));
            texts.put(m.group(1), m.group(2));
        }
        assertEquals("in the order the stages started, the werker's own lines in one section", List.of(
                "Ocelot", "1. build", "2. lint", "3. test"), titles);
        assertEquals("ocelot: pulling ocelot/busybox\nocelot: removed the containers of build, lint\n", texts.get("Ocelot"));
        assertEquals("compiling a.c\nwarning: a.c:3 &lt;unused&gt;\ncompiling b.c\n", texts.get("1. build"));
        assertEquals("lint a.c ok\nlint b.c ok\n", texts.get("2. lint"));
        assertEquals("test one FAILED\n", texts.get("3. test"));
        assertTrue("the durations come from the end markers", html.contains(
                "2. lint</span> <span class=\"aui-lozenge"));
        assertTrue(html, html.contains("<span class=\"ocelot-section-duration\">1.5s, exit code 0</span>"));

        assertTrue(html, html.contains("<td>test<div class=\"ocelot-stage-needs\">needs: build, lint</div></td>"));
        assertTrue("a stage that needs nothing says nothing", html.contains("<td>build</td>"));
        assertFalse(html, html.contains("<td>lint<div"));
    }

    @Test
    public void theBuildDetailOfTheUserApiCarriesWhatEachStageNeeds() throws Exception {
        Job job = ran();
        HttpResponse<String> r = get(h.userApiUrl() + "/builds/" + job.buildId());
        assertEquals(r.body(), 200, r.statusCode());
        JsonNode stages = Json.mapper().readTree(r.body()).get("stages");
        assertEquals(3, stages.size());
        assertEquals("[]", stages.get(0).get("needs").toString());
        assertEquals("[\"build\",\"lint\"]", stages.get(2).get("needs").toString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer t-reader").GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
