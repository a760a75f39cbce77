package io.ocelot.plugin.trigger;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.plan.ChangedPaths;
import io.ocelot.plugin.bitbucket.OcelotEventListener;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.clone.CloneUrlTemplate;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.crypto.FileSecretKeySource;
import io.ocelot.plugin.repo.Changeset;
import io.ocelot.plugin.repo.Changesets;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositorySettings;
import io.ocelot.plugin.testkit.PluginServices;
import io.ocelot.plugin.testkit.RecordingStatusPublisher;
import io.ocelot.plugin.testkit.TestDatabase;
import org.junit.After;
import org.junit.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.ocelot.plugin.testkit.BitbucketEvents.push;
import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

/**
 * A push's changed paths are one more call into Bitbucket's SCM: they are read only when a pipeline file filters on
 * them, read once, and a read that fails is Bitbucket failing (the trigger is retried), not the file (no FAILED
 * build). Real AO on HSQLDB, the real trigger queue, planner and listener.
 */
public class ChangedPathsOnDemandTest {
    private static final String STAGES = "stages:\n  - name: test\n    script:\n      - echo ok\n";
    private static final String NO_PATHS = "image: ocelot/busybox\n" + STAGES;
    private static final String SRC_ONLY = "image: ocelot/busybox\npaths: [src/]\n" + STAGES;
    private final TestDatabase db = TestDatabase.fresh();
    private final RepositoryRef repo = new RepositoryRef(7, "PROJ", "repo");
    private final List<PluginServices> opened = new ArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();

    @After
    public void close() {
        opened.forEach(PluginServices::close);
        db.close();
    }

    /** A node whose ocelot.yml is {@code pipeline} and whose changed paths come from {@code paths}, counted. */
    private PluginServices node(String pipeline, Supplier<List<String>> paths) throws IOException {
        Changesets changes = (r, since, until) -> new Changeset(List.of("a commit"), ChangedPaths.later(() -> {
            reads.incrementAndGet();
            return paths.get();
        }));
        PluginServices s = new PluginServices(db.ao(),
                (r, commit, path) -> path.equals("ocelot.yml")
                        ? Optional.of(pipeline.getBytes(StandardCharsets.UTF_8)) : Optional.empty(),
                changes, new CoreBuildPlanner(), new RecordingStatusPublisher(), b -> "",
                new CloneUrlTemplate("file:///x"), new FileSecretKeySource(Files.createTempDirectory("ocelot-key")),
                Clock.systemUTC(), new OcelotConfig());
        opened.add(s);
        s.repositorySettings.save(RepositorySettings.enabledWithDefaults(repo));
        return s;
    }

    private List<Build> pushed(PluginServices s) throws InterruptedException {
        new OcelotEventListener(s.triggerQueue).onRefsChanged(push(repo, "alice", "main", sha(1), sha(2)));
        assertTrue(s.triggerQueue.awaitIdle(30_000));
        return s.builds.byCommitPrefix(repo.id(), sha(2), 10);
    }

    @Test
    public void aPipelineWithoutPathsBuildsWithoutReadingThem() throws Exception {
        PluginServices s = node(NO_PATHS, () -> List.of("README.md"));
        List<Build> builds = pushed(s);
        assertEquals(1, builds.size());
        assertEquals(builds.get(0).message(), null, builds.get(0).outcome()); // queued, not a failure
        assertEquals("the changed paths were never asked for", 0, reads.get());
    }

    @Test
    public void aPipelineWithPathsReadsThemOnceAndBuildsWhenOneMatches() throws Exception {
        PluginServices s = node(SRC_ONLY, () -> List.of("docs/a.md", "src/Main.java"));
        assertEquals(1, pushed(s).size());
        assertEquals(1, reads.get());
    }

    @Test
    public void aPipelineWithPathsThatNoChangeMatchesDoesNotBuild() throws Exception {
        PluginServices s = node(SRC_ONLY, () -> List.of("docs/a.md"));
        assertEquals(List.of(), pushed(s));
        assertEquals(1, reads.get());
    }

    @Test
    public void pathsThatCannotBeReadAreRetriedLikeAnyBitbucketFailureAndMakeOneBuild() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        PluginServices s = node(SRC_ONLY, () -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("CommitService: the repository is being garbage-collected");
            }
            return List.of("src/Main.java");
        });
        List<Build> builds = pushed(s);
        assertEquals(3, reads.get());
        assertEquals(1, builds.size());
        Build b = builds.get(0);
        assertNotEquals("not a planning failure: " + b.message(), BuildResult.FAILED, b.outcome());
        assertEquals("nothing left pending or failed", List.of(),
                s.pendingTriggers.ofRepositories(List.of(repo.id()), 10));
    }
}
