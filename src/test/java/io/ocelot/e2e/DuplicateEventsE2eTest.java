package io.ocelot.e2e;

import com.atlassian.bitbucket.event.pull.PullRequestRescopedEvent;
import com.atlassian.bitbucket.event.repository.RepositoryPushEvent;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.BitbucketEvents;
import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

/**
 * Scenario 4 (issue 6) and issue 4's "exactly-once builds": Bitbucket may deliver an event more than once, and a
 * push and a pull-request rescope often name the same commit. Events are delivered from many threads at once into
 * the real listener; the database ends with exactly one build of each kind, each with one status series.
 */
public class DuplicateEventsE2eTest {
    private static final String PIPELINE = "image: " + E2eRig.IMAGE + "\nstages:\n"
            + "  - name: build\n    script: ['echo \"built $GIT_BRANCH\"']\n";

    @ClassRule
    public static final E2eRig rig = new E2eRig();
    private static PluginHarness h;

    @BeforeClass
    public static void startPluginAndWerker() throws Exception {
        h = rig.plugin();
        rig.start(rig.werker(h, "dup")).awaitTakingWork();
    }

    @Test
    public void theSamePushDeliveredTenTimesAtOnceMakesOneBuild() throws Exception {
        RepositoryRef repo = h.enableRepository("PROJ", "tenfold");
        String commit = rig.git(h, repo).commitPipeline("main", PIPELINE, "delivered ten times");
        List<Runnable> deliveries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            RepositoryPushEvent e = BitbucketEvents.push(repo, "admin", "main", null, commit);
            deliveries.add(() -> h.services().listener.onRefsChanged(e));
        }

        deliverAtOnce(deliveries);

        Build b = only(h.builds().byCommitPrefix(repo.id(), commit, 50));
        assertEquals(TriggerKind.PUSH, b.trigger());
        awaitFinal(commit);
        assertEquals(1, buildRows(repo, commit));
        assertEquals("one set of stages", 1, h.builds().stages(b.id()).size());
        assertOneSeriesPerBuild(commit, 1);
        assertEquals(BuildResult.PASSED, h.builds().find(b.id()).orElseThrow().outcome());
        assertEquals("built main\n", E2eRig.stageOutput(h, b.id(), 1));
    }

    @Test
    public void aPushAndAPullRequestRescopeOfTheSameCommitMakeOneBuildOfEachKind() throws Exception {
        RepositoryRef repo = h.enableRepository("PROJ", "pushandpr");
        GitRepo git = rig.git(h, repo);
        String target = git.commitPipeline("main", PIPELINE, "base");
        git.write("a.txt", "a\n").commit("first feature commit");
        String before = git.push("feature");
        git.write("a.txt", "b\n").commit("second feature commit");
        String commit = git.push("feature");
        List<Runnable> deliveries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RepositoryPushEvent push = BitbucketEvents.push(repo, "admin", "feature", before, commit);
            PullRequestRescopedEvent rescope = BitbucketEvents.rescoped(
                    BitbucketEvents.pullRequest(repo, 12, "feature", commit, "main", target), "admin", before, target);
            deliveries.add(() -> h.services().listener.onRefsChanged(push));
            deliveries.add(() -> h.services().listener.onPullRequestRescoped(rescope));
        }

        deliverAtOnce(deliveries);

        List<Build> builds = new ArrayList<>(h.builds().byCommitPrefix(repo.id(), commit, 50));
        builds.sort(Comparator.comparing(Build::trigger));
        assertEquals(builds.toString(), 2, builds.size());
        assertEquals(List.of(TriggerKind.PUSH, TriggerKind.PULL_REQUEST), builds.stream().map(Build::trigger).toList());
        assertEquals(12, builds.get(1).prId());
        E2eRig.await("both builds finished", java.time.Duration.ofSeconds(60), () -> builds.stream()
                .allMatch(b -> h.builds().find(b.id()).orElseThrow().isFinished()));
        awaitFinal(commit);
        assertEquals(2, buildRows(repo, commit));
        assertOneSeriesPerBuild(commit, 2);
        for (Build b : builds) {
            assertEquals(BuildResult.PASSED, h.builds().find(b.id()).orElseThrow().outcome());
            assertEquals("built feature\n", E2eRig.stageOutput(h, b.id(), 1));
        }
    }

    private static void deliverAtOnce(List<Runnable> deliveries) throws Exception {
        CyclicBarrier start = new CyclicBarrier(deliveries.size());
        ExecutorService threads = Executors.newFixedThreadPool(deliveries.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Runnable d : deliveries) {
                done.add(threads.submit(() -> {
                    start.await();
                    d.run();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        h.awaitTriggers();
    }

    private static Build only(List<Build> builds) {
        assertEquals("builds: " + builds, 1, builds.size());
        return builds.get(0);
    }

    private static void awaitFinal(String commit) throws InterruptedException {
        assertNotNull("no final status on " + commit, h.statuses().awaitFinal(commit, 60_000));
    }

    /** The BUILD rows of the commit, counted in the database itself. */
    private static int buildRows(RepositoryRef repo, String commit) throws Exception {
        try (Connection c = h.database().jdbc();
             PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM BUILD WHERE REPO_ID = ? AND COMMIT_HASH = ?")) {
            st.setInt(1, repo.id());
            st.setString(2, commit);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Every status on the commit belongs to one of {@code builds} builds, each a series with one final state. */
    private static void assertOneSeriesPerBuild(String commit, int builds) {
        List<BuildStatus> all = h.statuses().forCommit(commit);
        List<Long> ids = all.stream().map(BuildStatus::buildNumber).distinct().toList();
        assertEquals(all.toString(), builds, ids.size());
        for (long id : ids) {
            List<BuildStatus> series = E2eRig.oneSeries(h, id);
            assertEquals("one 'queued' status for build " + id + ": " + series, 1,
                    series.stream().filter(s -> s.description().equals("queued")).count());
            assertEquals(StatusState.SUCCESSFUL, series.get(series.size() - 1).state());
        }
    }
}
