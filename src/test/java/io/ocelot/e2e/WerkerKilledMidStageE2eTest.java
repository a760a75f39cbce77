package io.ocelot.e2e;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.Stage;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.Rule;
import org.junit.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * Scenario 2 (issue 6): a werker is SIGKILLed in the middle of stage 2 of 3. Its lease expires (3 s here), the build
 * is requeued at the front and finished by the other werker; the werker, restarted with the same name and work dir,
 * removes the container it left behind. Ten times in a row, with whichever werker leased the build as the victim.
 *
 * <p>"The log of the stages that finished before the kill is complete" — logs are stored per attempt
 * ({@code LogStore}: byte offsets within one attempt; a requeued build starts a new attempt at offset 0), so:
 * <ul>
 * <li>the stored log of attempt 1 (the killed one) holds stage 1's output in full, byte for byte, followed by the
 *     part of stage 2 that was delivered before the kill — a prefix of stage 2's output, never a hole or a repeat;</li>
 * <li>the stored log of the final attempt is the whole build's output, byte for byte: stage 1, 2 and 3.</li>
 * </ul>
 */
public class WerkerKilledMidStageE2eTest {
    private static final int ITERATIONS = 10;
    private static final String STAGE_ONE;
    private static final String STAGE_TWO = "two begins\ntwo ends\n";
    private static final String STAGE_THREE = "three done\n";

    static {
        StringBuilder one = new StringBuilder();
        for (int i = 1; i <= 200; i++) {
            one.append("one line ").append(i).append(" of 200\n");
        }
        STAGE_ONE = one.toString();
    }

    private static final String PIPELINE = "image: " + E2eRig.IMAGE + "\n" + """
            stages:
              - name: one
                script:
                  - i=1; while [ $i -le 200 ]; do echo "one line $i of 200"; i=$((i+1)); done
              - name: two
                script:
                  - echo "two begins"
                  - sleep 1.5
                  - echo "two ends"
              - name: three
                script: [echo "three done"]
            """;

    @Rule
    public final E2eRig rig = new E2eRig();

    @Test
    public void aKilledWerkersBuildIsFinishedByAnotherAndItsLeftoverContainerIsRemovedOnRestart() throws Exception {
        PluginHarness h = rig.plugin();
        rig.reapEvery(h, Duration.ofMillis(250));
        RepositoryRef repo = h.enableRepository("PROJ", "kill9");
        GitRepo git = rig.git(h, repo);
        WerkerProcess[] werkers = {rig.start(rig.werker(h, "a")), rig.start(rig.werker(h, "b"))};
        for (WerkerProcess w : werkers) {
            w.awaitTakingWork();
        }
        String previous = null;
        for (int i = 1; i <= ITERATIONS; i++) {
            long t0 = System.nanoTime();
            git.write("iteration.txt", i + "\n");
            String commit = git.commitPipeline("main", PIPELINE, "iteration " + i);
            List<Build> queued = h.push(repo, "main", previous, commit);
            assertEquals(1, queued.size());
            previous = commit;
            long id = queued.get(0).id();

            // kill whichever werker leased it while stage 2 ("two") is running
            E2eRig.await("iteration " + i + ": build " + id + " in stage two", Duration.ofSeconds(60), () -> {
                Build b = h.builds().find(id).orElseThrow();
                return b.state() == BuildState.RUNNING && b.attempt() == 1 && b.runningStage() == 1
                        && E2eRig.stageOutput(h, id, 1).contains("two begins\n");
            });
            String victimName = E2eRig.werkerName(h, h.builds().find(id).orElseThrow().werkerId());
            int v = werkers[0].name().equals(victimName) ? 0 : 1;
            WerkerProcess victim = werkers[v];
            WerkerProcess rescuer = werkers[1 - v];
            assertEquals(victimName, victim.name());
            long tKill = System.nanoTime();
            victim.kill9();
            assertFalse("the SIGKILLed werker left its build container behind",
                    DockerCli.werkerContainers(victim.name()).isEmpty());

            // the lease expires, the build is requeued and leased by the other werker
            E2eRig.await("iteration " + i + ": build " + id + " leased again by " + rescuer.name(),
                    E2eRig.LEASE.plus(Duration.ofSeconds(30)), () -> {
                        Build b = h.builds().find(id).orElseThrow();
                        return b.attempt() == 2 && b.state() != BuildState.QUEUED
                                && rescuer.name().equals(E2eRig.werkerName(h, b.werkerId()));
                    });

            long tRescued = System.nanoTime();
            // the victim comes back with the same name and work dir and removes its orphaned container
            werkers[v] = rig.start(victim.spec()).awaitTakingWork();
            assertTrue("iteration " + i + ": the restarted werker " + victim.name() + " did not remove its leftover "
                            + "container: " + DockerCli.werkerContainers(victim.name()),
                    DockerCli.awaitNone(Duration.ofSeconds(10), "ocelot.werker=" + victim.name()));
            werkers[v].awaitLog("build\\(s\\) \\[" + id + "\\] were interrupted", Duration.ofSeconds(5));

            BuildStatus done = h.statuses().awaitFinal(commit, 60_000);
            assertNotNull("iteration " + i + ": no final status", done);
            assertEquals("iteration " + i + ": " + done, StatusState.SUCCESSFUL, done.state());
            assertFinishedByTheRescuer(h, id, rescuer.name(), i);
            long tEnd = System.nanoTime();
            System.out.printf("scenario 2, iteration %d: to stage two %d ms, kill to leased again %d ms, "
                            + "then to finished %d ms%n", i, (tKill - t0) / 1_000_000, (tRescued - tKill) / 1_000_000,
                    (tEnd - tRescued) / 1_000_000);
        }
    }

    private static void assertFinishedByTheRescuer(PluginHarness h, long id, String rescuer, int iteration) {
        String it = "iteration " + iteration + ", build " + id + ": ";
        Build b = h.builds().find(id).orElseThrow();
        assertEquals(it, BuildState.FINISHED, b.state());
        assertEquals(it, BuildResult.PASSED, b.outcome());
        assertEquals(it, 2, b.attempt());
        assertEquals(it, rescuer, E2eRig.werkerName(h, b.werkerId()));
        List<Stage> stages = h.builds().stages(id);
        assertEquals(it + stages, List.of(StageStatus.PASSED, StageStatus.PASSED, StageStatus.PASSED),
                stages.stream().map(Stage::status).toList());

        String killed = E2eRig.stageOutput(h, id, 1);
        assertTrue(it + "attempt 1 holds stage one in full, then part of stage two:\n" + killed,
                killed.startsWith(STAGE_ONE + "two begins\n") && (STAGE_ONE + STAGE_TWO).startsWith(killed));
        assertEquals(it + "the final attempt's log is the whole build's output", STAGE_ONE + STAGE_TWO + STAGE_THREE,
                E2eRig.stageOutput(h, id, 2));

        List<BuildStatus> series = E2eRig.oneSeries(h, id);
        assertTrue(it + series, series.stream().anyMatch(s -> s.state() == StatusState.INPROGRESS
                && s.description().startsWith("queued again (werker lost: no heartbeat for")));
    }
}
