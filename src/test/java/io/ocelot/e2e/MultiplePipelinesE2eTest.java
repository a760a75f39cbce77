package io.ocelot.e2e;

import io.ocelot.core.build.BuildResult;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;

/**
 * A repository with {@code ocelot.yml} and {@code .ocelot/image.yml} ({@code paths: [Dockerfile, deps/]}) through the
 * whole system: the listener, the plugin's services on AO, a real {@code ocelot werker start} running each pipeline's
 * stages in Docker from a real clone, and a status per pipeline on the commit. A push that changes deps/ runs both
 * pipelines; one that does not runs only the default one.
 */
public class MultiplePipelinesE2eTest {
    @ClassRule
    public static final E2eRig rig = new E2eRig();
    private static PluginHarness h;

    @BeforeClass
    public static void startPluginAndWerker() throws Exception {
        h = rig.plugin();
        rig.start(rig.werker(h, "pipelines")).awaitTakingWork();
    }

    private static Map<String, Build> finished(RepositoryRef repo, List<Build> queued) throws InterruptedException {
        E2eRig.await("builds " + queued.stream().map(Build::id).toList() + " finished", Duration.ofSeconds(90),
                () -> queued.stream().allMatch(b -> h.builds().find(b.id()).orElseThrow().isFinished()));
        return queued.stream().map(b -> h.builds().find(b.id()).orElseThrow())
                .collect(Collectors.toMap(Build::pipeline, b -> b));
    }

    /** The last status of each key on the commit. */
    private static Map<String, StatusState> finalStates(String commit) {
        return h.statuses().forCommit(commit).stream()
                .collect(Collectors.toMap(BuildStatus::key, BuildStatus::state, (a, b) -> b));
    }

    @Test
    public void eachPipelineThatTheChangeConcernsRunsAndPassesUnderItsOwnStatus() throws Exception {
        RepositoryRef repo = h.enableRepository("PROJ", "pipelines");
        GitRepo git = rig.git(h, repo);
        git.write("ocelot.yml", "image: " + E2eRig.IMAGE + "\nstages:\n  - name: test\n    script:\n"
                + "      - echo \"default sees $(cat README)\"\n");
        git.write(".ocelot/image.yml", "image: " + E2eRig.IMAGE + "\npaths: [Dockerfile, deps/]\nstages:\n"
                + "  - name: image\n    script:\n      - echo \"image sees deps $(cat deps/x)\"\n");
        git.write("README", "v1");
        git.write("Dockerfile", "FROM scratch\n");
        git.write("deps/x", "1");
        String first = git.commit("start");
        git.push("main");

        // a new branch: every pipeline builds
        Map<String, Build> both = finished(repo, h.push(repo, "main", null, first));
        assertEquals(Set.of("default", "image"), both.keySet());
        for (Build b : both.values()) {
            assertEquals(b.pipeline() + ": " + b.message(), BuildResult.PASSED, b.outcome());
            E2eRig.oneSeries(h, b.id());
        }
        assertEquals("default sees v1\n", E2eRig.stageOutput(h, both.get("default").id(), 1));
        assertEquals("image sees deps 1\n", E2eRig.stageOutput(h, both.get("image").id(), 1));
        assertEquals(Map.of("ocelot", StatusState.SUCCESSFUL, "ocelot:image", StatusState.SUCCESSFUL),
                finalStates(first));

        // README only: the image pipeline's paths say no
        git.write("README", "v2");
        String docs = git.commit("docs");
        git.push("main");
        Map<String, Build> onlyDefault = finished(repo, h.push(repo, "main", first, docs));
        assertEquals(Set.of("default"), onlyDefault.keySet());
        assertEquals(BuildResult.PASSED, onlyDefault.get("default").outcome());
        assertEquals("default sees v2\n", E2eRig.stageOutput(h, onlyDefault.get("default").id(), 1));
        assertEquals(Map.of("ocelot", StatusState.SUCCESSFUL), finalStates(docs));

        // deps/ changed: both again, each seeing this commit
        git.write("deps/x", "2");
        String bump = git.commit("bump deps");
        git.push("main");
        Map<String, Build> again = finished(repo, h.push(repo, "main", docs, bump));
        assertEquals(Set.of("default", "image"), again.keySet());
        assertEquals("image sees deps 2\n", E2eRig.stageOutput(h, again.get("image").id(), 1));
        assertEquals(Map.of("ocelot", StatusState.SUCCESSFUL, "ocelot:image", StatusState.SUCCESSFUL),
                finalStates(bump));
    }
}
