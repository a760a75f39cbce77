package io.ocelot.e2e;

import io.ocelot.core.build.BuildResult;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.Rule;
import org.junit.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * Scenario 6 (issue 6): two werkers with different {@code --labels}; builds whose {@code machineTag} names a label go
 * only to the werker that has it (the werker recorded on each build), and run in its host shell. A build whose tag
 * no werker has stays QUEUED and its status says what it waits for — until a werker with that label arrives and
 * builds it.
 */
public class MachineTagRoutingE2eTest {
    @Rule
    public final E2eRig rig = new E2eRig();

    private static String pipeline(String tag) {
        return "machineTag: " + tag + "\nstages:\n  - name: build\n    script: ['echo \"built for " + tag
                + " in $WORKSPACE\"', 'test -f ocelot.yml']\n";
    }

    @Test
    public void buildsGoOnlyToTheWerkerWithTheirTagAndAnUnservedTagWaitsSayingSo() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String tagA = "e2e-a-" + suffix;
        String tagB = "e2e-b-" + suffix;
        String tagNone = "e2e-gpu-" + suffix;
        PluginHarness h = rig.plugin();
        RepositoryRef repo = h.enableRepository("PROJ", "tags");
        GitRepo git = rig.git(h, repo);
        WerkerProcess a = rig.start(rig.werker(h, "a").withLabels(tagA));
        WerkerProcess b = rig.start(rig.werker(h, "b").withLabels(tagB));
        a.awaitTakingWork();
        b.awaitTakingWork();

        // the unserved build first: it is the oldest in the queue and must not block the others
        String waiting = git.commitPipeline("gpu", pipeline(tagNone), "needs a gpu");
        long waitingId = h.push(repo, "gpu", null, waiting).get(0).id();
        Map<String, String> expectedWerker = new java.util.LinkedHashMap<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            for (String tag : List.of(tagA, tagB)) {
                String branch = tag + "-" + i;
                String commit = git.commitPipeline(branch, pipeline(tag), "build " + i + " for " + tag);
                ids.add(h.push(repo, branch, null, commit).get(0).id());
                expectedWerker.put(commit, tag.equals(tagA) ? a.name() : b.name());
            }
        }
        for (Map.Entry<String, String> e : expectedWerker.entrySet()) {
            BuildStatus done = h.statuses().awaitFinal(e.getKey(), 60_000);
            assertNotNull(done);
            assertEquals(StatusState.SUCCESSFUL, done.state());
            Build built = h.builds().find(done.buildNumber()).orElseThrow();
            assertEquals("build " + built.id() + " (" + built.machineTag() + ")", e.getValue(),
                    E2eRig.werkerName(h, built.werkerId()));
            assertEquals(BuildResult.PASSED, built.outcome());
            String out = E2eRig.stageOutput(h, built.id(), 1);
            assertTrue(out, out.startsWith("built for " + built.machineTag() + " in /"));
            assertTrue("ran in the host shell, in a workspace on the host:\n" + out,
                    !out.startsWith("built for " + built.machineTag() + " in /workspace\n"));
        }
        assertEquals(6, ids.size());

        // both werkers are idle and polling; the gpu build is still waiting, and says for what
        Thread.sleep(1000);
        Build stuck = h.builds().find(waitingId).orElseThrow();
        assertEquals(BuildState.QUEUED, stuck.state());
        assertEquals(0, stuck.werkerId());
        assertEquals(0, stuck.attempt());
        List<BuildStatus> seen = h.statuses().forCommit(waiting);
        assertEquals(seen.toString(), 1, seen.size());
        assertEquals(StatusState.INPROGRESS, seen.get(0).state());
        assertEquals("queued: waiting for a werker with label '" + tagNone + "'", seen.get(0).description());

        // it was waiting, not lost: a werker with the label builds it
        WerkerProcess gpu = rig.start(rig.werker(h, "gpu").withLabels(tagNone)).awaitTakingWork();
        BuildStatus done = h.statuses().awaitFinal(waiting, 60_000);
        assertNotNull(done);
        assertEquals(StatusState.SUCCESSFUL, done.state());
        assertEquals(gpu.name(), E2eRig.werkerName(h, h.builds().find(waitingId).orElseThrow().werkerId()));
        E2eRig.await("no build left in the queue", Duration.ofSeconds(5),
                () -> h.services().queue.waiting(List.of(tagA, tagB, tagNone), 10).isEmpty());
    }
}
