package io.ocelot.e2e;

import io.ocelot.core.build.BuildResult;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.Rule;
import org.junit.Test;

import java.time.Duration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Issue 14: a werker sent SIGTERM with a build still running when its drain timeout (5 s here) is over hands the
 * build back over HTTP ({@code POST builds/{id}/release}); the plugin requeues it at once — no lease reaper runs in
 * this test, so nothing else could — without counting the attempt, and another werker runs it to the end. Before,
 * the build ended CANCELLED "werker shutting down".
 */
public class DrainHandBackE2eTest {
    private static final String PIPELINE = "image: " + E2eRig.IMAGE + "\n" + """
            stages:
              - name: work
                script:
                  - echo working
                  - sleep 12
                  - echo done
            """;

    @Rule
    public final E2eRig rig = new E2eRig();

    @Test
    public void aBuildStillRunningAtTheDrainTimeoutIsHandedBackAndRequeuedAtOnce() throws Exception {
        PluginHarness h = rig.plugin();
        RepositoryRef repo = h.enableRepository("PROJ", "drain");
        String commit = rig.git(h, repo).commitPipeline("main", PIPELINE, "a build longer than the drain timeout");
        WerkerProcess first = rig.start(rig.werker(h, "drained")).awaitTakingWork();
        long id = h.push(repo, "main", null, commit).get(0).id();
        E2eRig.await("build " + id + " working", Duration.ofSeconds(60), () ->
                E2eRig.stageOutput(h, id, 1).contains("working\n"));

        long t0 = System.nanoTime();
        assertEquals(0, first.terminate(Duration.ofSeconds(40)));
        Build after = h.builds().find(id).orElseThrow();
        long stopMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(after.toString(), BuildState.QUEUED, after.state());
        assertTrue(after.message(), after.message().startsWith("handed back: werker '" + first.name() + "' shut "
                + "down with the build still running (drain timeout 5s) (attempt 1 not counted); requeued"));
        assertTrue("the werker stopped " + stopMillis + " ms after SIGTERM", stopMillis < 20_000);
        first.awaitLog("build " + id + " attempt 1: handed back to the plugin", Duration.ofSeconds(1));

        WerkerProcess second = rig.start(rig.werker(h, "rescuer")).awaitTakingWork();
        E2eRig.await("build " + id + " finished", Duration.ofSeconds(90), () ->
                h.builds().find(id).orElseThrow().state() == BuildState.FINISHED);
        Build done = h.builds().find(id).orElseThrow();
        assertEquals(done.message(), BuildResult.PASSED, done.outcome());
        assertEquals(2, done.attempt());
        assertEquals(second.name(), E2eRig.werkerName(h, done.werkerId()));
        assertEquals("working\ndone\n", E2eRig.stageOutput(h, id, 2));
    }
}
