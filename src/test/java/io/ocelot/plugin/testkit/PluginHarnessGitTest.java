package io.ocelot.plugin.testkit;

import io.ocelot.core.plan.BuildEvent;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.trigger.PlanOutcome;
import org.junit.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** The harness reads ocelot.yml and changesets from a real git repository, as the e2e tests will rely on. */
public class PluginHarnessGitTest {
    @Test
    public void pushReadsTheFileAndTheChangesetFromGit() throws Exception {
        AtomicReference<String> content = new AtomicReference<>();
        AtomicReference<BuildEvent> event = new AtomicReference<>();
        try (PluginHarness h = PluginHarness.start(PluginHarness.options().planner((pipeline, name, bytes, e) -> {
            content.set(new String(bytes, StandardCharsets.UTF_8));
            event.set(e);
            return new PlanOutcome.Planned(Fixture.plan("ocelot/busybox", null, "hello"));
        }))) {
            RepositoryRef repo = h.enableRepository("PROJ", "repo");
            HarnessRepository git = h.gitRepository(repo);
            String first = git.commit("first", "ocelot.yml", "image: ocelot/busybox\n");
            String second = git.commit("second [touches src]", "src.txt", "x\n");
            git.pushTo("main");

            List<Build> builds = h.push(repo, "main", first, second);
            assertEquals(1, builds.size());
            assertEquals("image: ocelot/busybox\n", content.get());
            assertEquals(List.of("second [touches src]"), event.get().commitMessages());
            assertEquals(List.of("src.txt"), event.get().changedPaths());
            assertEquals("main", event.get().branch());
            assertTrue(h.push(repo, "main", first, second).size() == 1);
        }
    }
}
