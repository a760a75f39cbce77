package io.ocelot.plugin.trigger;

import io.ocelot.core.build.BuildResult;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.HarnessRepository;
import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Listener → git → REAL parser and planner → store → status, through {@link PluginHarness} with a real git
 * repository.
 */
public class ParserBackedTriggerTest {
    private PluginHarness h;
    private RepositoryRef repo;

    @Before
    public void start() {
        h = PluginHarness.start("jdbc:hsqldb:mem:parser-backed-" + System.nanoTime());
        repo = h.enableRepository("PROJ", "repo");
    }

    @After
    public void stop() {
        if (h != null) {
            h.close();
        }
    }

    private String commit(HarnessRepository git, String file, String content, String message) {
        git.commit(message, file, content);
        return git.pushTo("main");
    }

    private HarnessRepository newRepository() {
        return h.gitRepository(repo);
    }

    @Test
    public void aPushOfAValidFileQueuesItsPlan() throws Exception {
        HarnessRepository work = newRepository();
        String c = commit(work, "ocelot.yml",
                "image: ocelot/busybox\nstages:\n  - name: hello\n    script:\n      - echo hi\n", "add ci");
        List<Build> builds = h.push(repo, "main", null, c);
        assertEquals(1, builds.size());
        Build b = builds.get(0);
        assertEquals(BuildState.QUEUED, b.state());
        assertEquals(List.of("hello"), h.builds().stages(b.id()).stream().map(s -> s.name()).toList());
        assertEquals("ocelot/busybox", b.plan().image());
        assertEquals("BUILD_ID is set once the build has its id", String.valueOf(b.id()),
                b.plan().stages().get(0).env().get("BUILD_ID"));
        assertEquals(StatusState.INPROGRESS, h.statuses().forCommit(c).get(0).state());
    }

    @Test
    public void aPushOfAnInvalidFileIsAFailedBuildNamingTheProblem() throws Exception {
        HarnessRepository work = newRepository();
        String c = commit(work, "ocelot.yml", "image: ocelot/busybox\nstagez:\n  - name: x\n", "typo");
        Build b = h.push(repo, "main", null, c).get(0);
        assertEquals(BuildResult.FAILED, b.outcome());
        assertTrue(b.message(), b.message().contains("ocelot.yml:2:"));
        assertEquals(StatusState.FAILED, h.statuses().forCommit(c).get(0).state());
    }

    @Test
    public void aPushWithoutOcelotYmlBuildsNothing() throws Exception {
        HarnessRepository work = newRepository();
        String c = commit(work, "README", "hi\n", "docs");
        assertTrue(h.push(repo, "main", null, c).isEmpty());
        assertTrue(h.statuses().all().isEmpty());
    }
}
