package io.ocelot.plugin.trigger;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.store.BuildEntity;
import io.ocelot.plugin.store.QueueTicketEntity;
import io.ocelot.plugin.store.StageEntity;
import io.ocelot.plugin.testkit.HarnessRepository;
import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Issue 14 through the real event listener, trigger queue, git repository, parser, planner and AO store: a hostile
 * push never kills a trigger thread, never vanishes, and ends as a build the author can see.
 */
public class HostilePushTest {
    private final AtomicReference<Error> failNextPlanning = new AtomicReference<>();
    private final AtomicReference<BuildPlan> nextPlan = new AtomicReference<>();
    /** A plan returned on every attempt (a trigger is retried), unlike {@link #nextPlan}. */
    private final AtomicReference<BuildPlan> everyPlan = new AtomicReference<>();
    private PluginHarness h;
    private RepositoryRef repo;
    private HarnessRepository git;

    @Before
    public void start() throws Exception {
        CoreBuildPlanner real = new CoreBuildPlanner();
        BuildPlanner planner = (pipeline, name, content, event) -> {
            Error e = failNextPlanning.getAndSet(null);
            if (e != null) {
                throw e;
            }
            BuildPlan p = everyPlan.get() != null ? everyPlan.get() : nextPlan.getAndSet(null);
            return p != null ? new PlanOutcome.Planned(p) : real.plan(pipeline, name, content, event);
        };
        h = PluginHarness.start(PluginHarness.options().dbUrl("jdbc:hsqldb:mem:hostile-" + System.nanoTime())
                .planner(planner));
        repo = h.enableRepository("PROJ", "repo");
        git = h.gitRepository(repo);
    }

    @After
    public void stop() {
        if (h != null) {
            h.close();
        }
    }

    private String commit(String ocelotYml, String branch) {
        git.commit("change " + System.nanoTime(), "ocelot.yml", ocelotYml);
        return git.pushTo(branch);
    }

    private Build onlyBuild(String branch, String commit) {
        List<Build> builds = h.push(repo, branch, null, commit);
        assertEquals("the push is not lost: " + builds, 1, builds.size());
        return builds.get(0);
    }

    private static final String VALID = "image: ocelot/busybox\nstages:\n  - name: build\n    script: [make]\n";

    /** Issue 14.5: an Error in planning used to end the worker and lose the push; now it is a failed build. */
    @Test
    public void anErrorWhilePlanningIsAFailedBuildAndTheQueueGoesOn() throws Exception {
        String first = commit(VALID, "main");
        failNextPlanning.set(new StackOverflowError());
        Build failed = onlyBuild("main", first);
        assertEquals(BuildResult.FAILED, failed.outcome());
        assertTrue(failed.message(), failed.message().contains("StackOverflowError"));
        assertEquals(StatusState.FAILED, h.statuses().forCommit(first).get(0).state());

        failNextPlanning.set(new OutOfMemoryError("Java heap space"));
        Build again = onlyBuild("main", commit(VALID, "main"));
        assertTrue(again.message(), again.message().contains("OutOfMemoryError: Java heap space"));

        assertEquals("the trigger threads still work", BuildState.QUEUED, onlyBuild("main", commit(VALID, "main")).state());
    }

    /**
     * A trigger failing after planning (here: the store refuses the build) is retried, then kept as a FAILED trigger
     * with the reason (the build list, ocelot status, the metrics show it) and recorded as a FAILED build without
     * the refused plan, and nothing is half-written.
     */
    @Test
    public void aTriggerTheStoreRefusesIsAFailedTriggerWithNoHalfWrittenRows() throws Exception {
        String c = commit(VALID, "main");
        everyPlan.set(new BuildPlan(BuildPlan.VERSION, BuildPlan.DEFAULT_PIPELINE, null, "m".repeat(300), 600,
                BuildPlan.CONTAINER_WORKSPACE, List.of(new PlannedStage("s", List.of("x"), null,
                BuildPlan.CONTAINER_WORKSPACE, 60, false, false, null))));
        h.push(repo, "main", null, c);
        List<io.ocelot.plugin.store.PendingTriggerStore.PendingTrigger> left =
                h.services().pendingTriggers.ofRepositories(List.of(repo.id()), 10);
        assertEquals(1, left.size());
        assertEquals(io.ocelot.plugin.store.PendingTriggerStore.State.FAILED, left.get(0).state());
        assertTrue(left.get(0).lastError(), left.get(0).lastError().contains("machineTag is 300 characters long"));
        assertEquals(c, left.get(0).event().commit());
        // no half-written rows of the refused build; the one build row is the FAILED build the given-up trigger left
        assertEquals(1, h.database().ao().count(BuildEntity.class));
        Build failed = h.builds().byCommitPrefix(repo.id(), c, 5).get(0);
        assertEquals(BuildResult.FAILED, failed.outcome());
        assertTrue(failed.message(), failed.message().contains("machineTag is 300 characters long"));
        assertEquals("no stage rows", 0, h.database().ao().count(StageEntity.class));
        assertEquals("nothing queued", 0, h.database().ao().count(QueueTicketEntity.class));
    }

    /** Issues 14.5 and 14.10: a 2 000-character branch (git allows it) with an innocent pattern builds. */
    @Test
    public void aTwoThousandCharacterBranchBuilds() throws Exception {
        String branch = "feature/" + "abcdefghijklmnopqrstuvwxyz-0123456789_abcdefghij/".repeat(41).substring(0, 1992);
        assertEquals(2000, branch.length());
        String c = commit("image: ocelot/busybox\nbranches: ['(\\w|/|-)*']\nstages:\n  - name: build\n"
                + "    script: [make]\n    triggers: ['\\branch feature/(\\w|/|-)*']\n", branch);
        Build b = onlyBuild(branch, c);
        assertEquals(b.message(), BuildState.QUEUED, b.state());
        assertEquals(branch, b.branch());
        assertEquals("refs/heads/" + branch, b.ref());
        assertEquals("the stage's trigger matched", "PENDING", h.builds().stages(b.id()).get(0).status().name());
        assertEquals(StatusState.INPROGRESS, h.statuses().forCommit(c).get(0).state());
        assertEquals("the build list's branch filter finds it", List.of(b.id()), h.builds()
                .search(List.of(repo.id()), branch, null, null, null, 10).stream().map(Build::id).toList());
    }

    /** Issue 14.10: a 300-character machineTag failed the insert; now it is a positioned ocelot.yml error. */
    @Test
    public void aThreeHundredCharacterMachineTagIsAPositionedError() throws Exception {
        String c = commit("machineTag: " + "m".repeat(300) + "\nstages: [{name: a, script: [b]}]\n", "main");
        Build b = onlyBuild("main", c);
        assertEquals(BuildResult.FAILED, b.outcome());
        assertTrue(b.message(), b.message().contains("ocelot.yml:1:13: 'machineTag': a werker label is one line of "
                + "at most 100 characters; this one has 300"));
        assertEquals(StatusState.FAILED, h.statuses().forCommit(c).get(0).state());
    }

    /** Issue 14.4: one budget per event; the build names the pattern that spent it, within seconds. */
    @Test(timeout = 60_000)
    public void aReDoSFileFailsVisiblyNamingThePattern() throws Exception {
        String branch = "a".repeat(100);
        String c = commit("image: ocelot/busybox\nbranches: [" + String.join(", ",
                Collections.nCopies(100, "'(.*a){3}x'")) + "]\nstages: [{name: a, script: [b]}]\n", branch);
        long start = System.nanoTime();
        Build b = onlyBuild(branch, c);
        assertEquals(BuildResult.FAILED, b.outcome());
        assertTrue(b.message(), b.message().startsWith("Ocelot could not plan this build:\nocelot.yml:2:208: branch "
                + "pattern '(.*a){3}x' could not be matched against branch 'aaaa"));
        assertTrue(b.message(), b.message().contains("used up the budget of one event"));
        assertTrue("took " + (System.nanoTime() - start) / 1_000_000 + " ms",
                System.nanoTime() - start < 20_000_000_000L);
    }
}
