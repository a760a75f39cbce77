package io.ocelot.plugin.trigger;

import com.atlassian.bitbucket.build.status.RepositoryBuildStatusSetRequest;
import io.ocelot.core.api.TriggerResponse;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositorySettings;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.HarnessRepository;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.UserFacingException;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/**
 * A repository with {@code ocelot.yml} and {@code .ocelot/image.yml} ({@code paths: [Dockerfile, deps/]}), pushed
 * through the real listener, the real Bitbucket adapters over the strict stand-in (git underneath), the real parser
 * and planner, and AO: each pipeline that builds is its own build with its own status key.
 */
public class MultiplePipelinesTest {
    public static final String DEFAULT_YML = "image: ocelot/busybox\nstages:\n  - name: test\n    script:\n      - echo test\n";
    public static final String IMAGE_YML = "image: ocelot/busybox\npaths: [Dockerfile, deps/]\nstages:\n"
            + "  - name: image\n    script:\n      - echo image\n";
    private static final String ADMIN = "admin";

    private PluginHarness h;
    private RepositoryRef repo;
    private HarnessRepository git;
    private String first;

    @Before
    public void start() {
        h = PluginHarness.start(PluginHarness.options().dbUrl("jdbc:hsqldb:mem:pipelines-" + System.nanoTime())
                .users(new InMemoryUserPermissions().user(ADMIN, "t-admin").admin(ADMIN)));
        repo = h.enableRepository("PROJ", "repo");
        git = h.gitRepository(repo);
        git.commit("start", "ocelot.yml", DEFAULT_YML, ".ocelot/image.yml", IMAGE_YML, ".ocelot/README.md",
                "pipelines live here\n", "Dockerfile", "FROM scratch\n", "deps/x", "1\n", "README", "hi\n");
        first = git.pushTo("main");
    }

    @After
    public void stop() {
        if (h != null) {
            h.bitbucket().runAs(null);
            h.close();
        }
    }

    private static Map<String, Build> byPipeline(List<Build> builds) {
        return builds.stream().collect(Collectors.toMap(Build::pipeline, b -> b, (a, b) -> {
            throw new AssertionError("two builds of pipeline " + a.pipeline() + ": #" + a.id() + ", #" + b.id());
        }, TreeMap::new));
    }

    private Set<String> keysOn(String commit) {
        return h.statuses().forCommit(commit).stream().map(BuildStatus::key).collect(Collectors.toSet());
    }

    private List<String> stageNames(Build b) {
        return h.builds().stages(b.id()).stream().map(s -> s.name()).toList();
    }

    @Test
    public void aNewBranchBuildsEveryPipelineEachUnderItsOwnKey() {
        Map<String, Build> builds = byPipeline(h.push(repo, "main", null, first));
        assertEquals(Set.of("default", "image"), builds.keySet());
        assertEquals(List.of("test"), stageNames(builds.get("default")));
        assertEquals(List.of("image"), stageNames(builds.get("image")));
        assertEquals("the plan names its pipeline", "image", builds.get("image").plan().pipeline());
        assertEquals(Set.of("ocelot", "ocelot:image"), keysOn(first));
        assertEquals(Set.of("Ocelot #" + builds.get("default").id() + " · main",
                "Ocelot #" + builds.get("image").id() + " image · main"), h.statuses().forCommit(first).stream()
                .map(BuildStatus::name).collect(Collectors.toSet()));
        // what Bitbucket received: one INPROGRESS status per pipeline, the parent grouping them
        List<RepositoryBuildStatusSetRequest> received = h.bitbucket().statusRequests();
        assertEquals(Set.of("ocelot", "ocelot:image"), received.stream()
                .filter(r -> r.getCommitId().equals(first)).map(RepositoryBuildStatusSetRequest::getKey)
                .collect(Collectors.toSet()));
    }

    @Test
    public void aPushChangingOnlyTheReadmeBuildsDefaultButNotTheImagePipeline() {
        h.push(repo, "main", null, first);
        git.commit("docs", "README", "more\n");
        String docs = git.pushTo("main");
        Map<String, Build> builds = byPipeline(h.push(repo, "main", first, docs));
        assertEquals(Set.of("default"), builds.keySet());
        assertEquals(Set.of("ocelot"), keysOn(docs));
    }

    @Test
    public void aPushChangingDepsBuildsBothWithTheirOwnStatusKeys() {
        h.push(repo, "main", null, first);
        git.commit("bump", "deps/x", "2\n");
        String bump = git.pushTo("main");
        Map<String, Build> builds = byPipeline(h.push(repo, "main", first, bump));
        assertEquals(Set.of("default", "image"), builds.keySet());
        assertEquals(Set.of("ocelot", "ocelot:image"), keysOn(bump));
        assertTrue(h.statuses().forCommit(bump).stream().allMatch(s -> s.state() == StatusState.INPROGRESS));
    }

    @Test
    public void aPullRequestBuildsEachPipelineItsChangesConcernUnderTheKeysOfPullRequests() {
        git.checkout("feature");
        git.commit("bump on a branch", "deps/x", "3\n");
        String tip = git.pushTo("feature");
        TriggerOutcome o = h.services().triggers.handle(TriggerRequest.pullRequest(repo, 5, "refs/heads/feature",
                "feature", "main", first, tip, "bob"));
        assertEquals(TriggerOutcome.Kind.CREATED, o.kind());
        Map<String, Build> builds = byPipeline(h.builds().byCommitPrefix(repo.id(), tip, 50));
        assertEquals(Set.of("default", "image"), builds.keySet());
        assertEquals(Set.of("ocelot-pr", "ocelot-pr:image"), keysOn(tip));
        assertEquals(Set.of("ocelot-pr"), h.statuses().forCommit(tip).stream().map(BuildStatus::parent)
                .collect(Collectors.toSet()));
    }

    @Test
    public void aRepositoryWithOnlyOcelotDirectoryFilesBuildsThose() throws Exception {
        java.nio.file.Files.delete(git.work().resolve("ocelot.yml"));
        git.commit("only named pipelines", "deps/x", "2\n");
        String c = git.pushTo("main");
        Map<String, Build> builds = byPipeline(h.push(repo, "main", null, c));
        assertEquals(Set.of("image"), builds.keySet());
        assertEquals(Set.of("ocelot:image"), keysOn(c));
    }

    @Test
    public void anInvalidOcelotFileFailsOnlyItsPipelineNamingTheFileAndPlace() {
        git.commit("break image", ".ocelot/image.yml", "image: ocelot/busybox\nstagez: []\n");
        String c = git.pushTo("main");
        Map<String, Build> builds = byPipeline(h.push(repo, "main", null, c));
        assertEquals(Set.of("default", "image"), builds.keySet());
        Build image = builds.get("image");
        assertEquals(BuildResult.FAILED, image.outcome());
        assertTrue(image.message(), image.message().startsWith(".ocelot/image.yml is invalid:\n"));
        assertTrue(image.message(), image.message().contains("\n.ocelot/image.yml:2:1: unknown key 'stagez'"));
        assertEquals(BuildState.QUEUED, builds.get("default").state());
        Map<String, StatusState> states = h.statuses().forCommit(c).stream()
                .collect(Collectors.toMap(BuildStatus::key, BuildStatus::state, (a, b) -> b));
        assertEquals(Map.of("ocelot", StatusState.INPROGRESS, "ocelot:image", StatusState.FAILED), states);
    }

    @Test
    public void aBadlyNamedFileIsAFailedBuildOfItsOwnAndTheOthersBuild() {
        git.commit("misnamed", ".ocelot/Docs.yml", IMAGE_YML, ".ocelot/lint.yaml", DEFAULT_YML, "deps/x", "2\n");
        String c = git.pushTo("main");
        Map<String, Build> builds = byPipeline(h.push(repo, "main", null, c));
        assertEquals(Set.of("default", "image", ".ocelot/Docs.yml", ".ocelot/lint.yaml"), builds.keySet());
        Build docs = builds.get(".ocelot/Docs.yml");
        assertEquals(BuildResult.FAILED, docs.outcome());
        assertTrue(docs.message(), docs.message().contains(".ocelot/Docs.yml: 'Docs' cannot name a pipeline: 'Docs' is not "
                + "a pipeline name"));
        assertTrue(builds.get(".ocelot/lint.yaml").message(),
                builds.get(".ocelot/lint.yaml").message().contains("rename this file to end in .yml"));
        assertEquals(BuildState.QUEUED, builds.get("image").state());
        assertTrue(keysOn(c).contains("ocelot:.ocelot/Docs.yml"));
    }

    @Test
    public void aRetriedTriggerMakesNoSecondBuildOfAnyPipeline() {
        git.commit("bump", "deps/x", "2\n");
        String bump = git.pushTo("main");
        Map<String, Build> builds = byPipeline(h.push(repo, "main", first, bump));
        assertEquals(2, builds.size());
        // the same event again (a redelivery), and the trigger handled once more (a retry after a node died)
        h.push(repo, "main", first, bump);
        TriggerOutcome again = h.services().triggers.handle(TriggerRequest.push(repo, "refs/heads/main", "main", first,
                bump, "admin"));
        assertEquals(TriggerOutcome.Kind.EXISTING, again.kind());
        assertEquals(List.of(TriggerOutcome.Kind.EXISTING, TriggerOutcome.Kind.EXISTING),
                again.pipelines().stream().map(TriggerOutcome.PipelineOutcome::kind).toList());
        assertEquals(List.of(builds.get("default").id(), builds.get("image").id()),
                again.pipelines().stream().map(p -> p.build().id()).toList());
        Map<String, Build> stored = byPipeline(h.builds().byCommitPrefix(repo.id(), bump, 50));
        assertEquals(Set.of("default", "image"), stored.keySet());
        assertEquals(builds.get("image").id(), stored.get("image").id());
        assertEquals("one INPROGRESS per pipeline, not per delivery", 2, h.statuses().forCommit(bump).size());
    }

    @Test
    public void aRebuildPlansItsOwnPipelineFromItsOwnFile() {
        Build image = byPipeline(h.push(repo, "main", null, first)).get("image");
        h.bitbucket().runAs(ADMIN);
        TriggerResponse r = h.services().commands.rebuild(image.id(), ADMIN);
        Build again = h.builds().find(r.buildId()).orElseThrow();
        assertEquals("image", again.pipeline());
        assertEquals(TriggerKind.MANUAL, again.trigger());
        assertEquals(List.of("image"), stageNames(again));
        assertEquals("no other pipeline came along", 3, h.builds().byCommitPrefix(repo.id(), first, 50).size());
        assertEquals(StatusState.INPROGRESS, h.statuses().forCommit(first).stream()
                .filter(s -> s.buildNumber() == again.id()).findFirst().orElseThrow().state());
        assertEquals("ocelot:image", h.statuses().forCommit(first).stream()
                .filter(s -> s.buildNumber() == again.id()).findFirst().orElseThrow().key());
    }

    @Test
    public void aNewPushSupersedesTheOlderBuildOfTheSamePipelineOnly() {
        h.configure(new RepositorySettings(repo, true, true, true, false)); // auto-cancel on
        git.commit("bump", "deps/x", "2\n");
        String bump = git.pushTo("main");
        Map<String, Build> older = byPipeline(h.push(repo, "main", first, bump));
        git.commit("docs", "README", "more\n");
        String docs = git.pushTo("main");
        Map<String, Build> newer = byPipeline(h.push(repo, "main", bump, docs));
        assertEquals(Set.of("default"), newer.keySet());
        Build oldDefault = h.builds().find(older.get("default").id()).orElseThrow();
        Build oldImage = h.builds().find(older.get("image").id()).orElseThrow();
        assertEquals(BuildResult.CANCELLED, oldDefault.outcome());
        assertTrue(oldDefault.message(), oldDefault.message().contains("superseded by build #" + newer.get("default").id()));
        assertEquals("the image pipeline has no newer build: its build goes on", BuildState.QUEUED, oldImage.state());
    }

    @Test
    public void aManualTriggerBuildsOnePipelineOrEveryOneThatBuilds() {
        h.push(repo, "main", null, first);
        git.commit("docs", "README", "more\n");
        String docs = git.pushTo("main");
        RepositoryName name = new RepositoryName("PROJ", "repo");
        h.bitbucket().runAs(ADMIN);

        TriggerResponse one = h.services().commands.trigger(name, null, "main", "image", false, TriggerKind.CLI, ADMIN);
        assertEquals("the tip changed only README, and image's paths say not to", null, one.buildId());
        assertTrue(one.reason(), one.reason().contains("no changed path starts with paths [Dockerfile, deps/]"));

        TriggerResponse forced = h.services().commands.trigger(name, null, "main", "image", true, TriggerKind.CLI, ADMIN);
        Build image = h.builds().find(forced.buildId()).orElseThrow();
        assertEquals("image", image.pipeline());
        assertEquals(List.of(new TriggerResponse.PipelineBuild("image", image.id(), null)), forced.pipelines());

        TriggerResponse every = h.services().commands.trigger(name, null, "main", null, false, TriggerKind.MANUAL, ADMIN);
        assertEquals(List.of("default", "image"), every.pipelines().stream().map(TriggerResponse.PipelineBuild::pipeline)
                .toList());
        assertEquals("default", h.builds().find(every.buildId()).orElseThrow().pipeline());
        assertNull(every.pipelines().get(1).buildId());
        assertTrue(every.pipelines().get(1).reason(), every.pipelines().get(1).reason().startsWith("no changed path"));

        UserFacingException missing = assertThrows(UserFacingException.class, () -> h.services().commands.trigger(name,
                null, "main", "docs", false, TriggerKind.CLI, ADMIN));
        assertEquals(UserFacingException.Kind.NOT_FOUND, missing.kind());
        assertTrue(missing.getMessage(), missing.getMessage().contains("no .ocelot/docs.yml at " + docs));
        List<Build> onTip = h.builds().byCommitPrefix(repo.id(), docs, 50);
        assertEquals(Set.of("image", "default"), onTip.stream().map(Build::pipeline).collect(Collectors.toSet()));
        assertEquals(2, onTip.size());
        assertFalse(onTip.stream().anyMatch(b -> b.pipeline().equals("docs")));
    }
}
