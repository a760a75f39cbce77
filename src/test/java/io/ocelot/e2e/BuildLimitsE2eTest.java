package io.ocelot.e2e;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.Stage;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.Rule;
import org.junit.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Issue 14: a pushed build cannot take the host down. The werker's {@code --build-pids} holds a fork bomb, the
 * file's {@code limits: memory} (lower than the werker's {@code --build-memory}) is the container's, and the stage's
 * result names the limit it hit. Plugin, real werker process, Docker.
 */
public class BuildLimitsE2eTest {
    private static final String PIPELINE = "image: " + E2eRig.IMAGE + "\n" + """
            limits:
              memory: 64MiB
            stages:
              - name: look
                script:
                  - cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max
              - name: bomb
                script:
                  - for i in $(seq 100); do sleep 30 & done
                  - wait
              - name: after
                always: true
                script: [echo still here]
            """;

    @Rule
    public final E2eRig rig = new E2eRig();

    @Test
    public void theWerkersAndTheFilesLimitsHoldAndTheStageSaysWhichItHit() throws Exception {
        PluginHarness h = rig.plugin();
        RepositoryRef repo = h.enableRepository("PROJ", "limits");
        String commit = rig.git(h, repo).commitPipeline("main", PIPELINE, "a fork bomb");
        rig.start(rig.werker(h, "bounded").withArgs("--build-pids", "40", "--build-memory", "1GiB"))
                .awaitTakingWork();
        long id = h.push(repo, "main", null, commit).get(0).id();
        E2eRig.await("build " + id + " finished", Duration.ofSeconds(90), () ->
                h.builds().find(id).orElseThrow().state() == BuildState.FINISHED);

        Build b = h.builds().find(id).orElseThrow();
        assertEquals(b.message(), BuildResult.FAILED, b.outcome());
        assertTrue(E2eRig.stageOutput(h, id, 1), E2eRig.stageOutput(h, id, 1).startsWith((64L << 20) + "\n40\n"));
        List<Stage> stages = h.builds().stages(id);
        assertEquals(StageStatus.FAILED, stages.get(1).status());
        assertTrue(stages.get(1).message(), stages.get(1).message().contains("out of PIDs: the stage could not start "
                + "a process (fork failed) because the build may run at most 40 processes"));
        assertTrue(b.message(), b.message().contains("out of PIDs"));
        assertEquals(StageStatus.PASSED, stages.get(2).status());
    }
}
