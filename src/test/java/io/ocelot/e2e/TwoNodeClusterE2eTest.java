package io.ocelot.e2e;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.NewBuild;
import io.ocelot.plugin.build.Stage;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.BitbucketEvents;
import io.ocelot.plugin.testkit.FakeBitbucket;
import io.ocelot.plugin.testkit.Fixture;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.PluginNodeMain;
import io.ocelot.plugin.testkit.RoundRobinProxy;
import io.ocelot.plugin.testkit.TestDatabase;
import org.junit.Rule;
import org.junit.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * A Data Center cluster end to end: two plugin nodes in two JVMs (this one and a {@link PluginNodeProcess}) on ONE
 * PostgreSQL database, one shared home and the same repositories, each with its own queue signal, trigger
 * processors and reaper; real werkers reach them only through a round-robin load balancer ({@link RoundRobinProxy}),
 * so consecutive calls of one build land on different nodes. Proves: a poll held on one node is answered when the
 * other node queues a build (the held poll re-checks the database; no signal crosses nodes); 50 pushes make 50
 * builds, each handed to a werker once and finished with its complete log; and when one node is killed (SIGKILL)
 * mid-build the werkers' next calls go to the other node and every build still finishes with its complete log (on
 * its first attempt, but for a build whose lease went out in a poll answer that died with the node). Runs on PostgreSQL only (two JVMs cannot share an in-memory HSQLDB): the {@code postgresql-stores}
 * execution runs it, and it fails, never skips, when no PostgreSQL server answers.
 */
public class TwoNodeClusterE2eTest {
    static {
        // as both nodes run in Bitbucket on PostgreSQL (see TestDatabase), also when run outside postgresql-stores
        System.setProperty("ao.transaction.isolation.level", "TRANSACTION_READ_COMMITTED");
    }

    private static final int BUILDS = 50;
    /**
     * Bitbucket's poll re-check (2 s), polls held 20 s, and a lease long enough that a werker's calls slowed down by a
     * busy machine and its retries after the kill never lose one: a lease lost to time would be a requeue this
     * test does not expect.
     */
    private static final OcelotConfig CONFIG = new OcelotConfig().with(Duration.ofSeconds(20), Duration.ofSeconds(2),
            Duration.ofSeconds(30));
    private static final Duration REAP = Duration.ofMillis(500);
    private static final Pattern LEASED = Pattern.compile("leased build (\\d+) attempt (\\d+)");

    @Rule
    public final E2eRig rig = new E2eRig();

    private final long started = System.nanoTime();
    private final String tag = "e2e-cluster-" + UUID.randomUUID().toString().substring(0, 6);
    /** The probe's own label: its poll held on B never takes one of the 50 builds. */
    private final String probeTag = tag + "-probe";

    private String pipeline() {
        return "machineTag: " + tag + "\n" + """
                stages:
                  - name: one
                    script: ['echo "one of build $BUILD_ID"']
                  - name: two
                    script: ['echo "two of build $BUILD_ID"']
                """;
    }

    /** What to print when the test fails (the werkers' output the rig prints itself). */
    private final List<java.util.function.Supplier<String>> diagnostics = new ArrayList<>();

    @Test
    public void twoNodesOnOneDatabaseBuildEveryPushOnceAndSurviveOneNodeKilledMidBuild() throws Exception {
        try {
            scenario();
        } catch (Throwable t) {
            diagnostics.forEach(d -> System.err.println(d.get()));
            throw t;
        }
    }

    private void scenario() throws Exception {
        TestDatabase db = rig.closeAfter(TestDatabase.postgresql());
        Path home = rig.dir("shared-home");
        Path repos = rig.dir("repos");
        PluginHarness nodeA = rig.plugin(PluginHarness.options().database(db).sharedHome(home).reposRoot(repos)
                .config(CONFIG));
        rig.reapEvery(nodeA, REAP);
        RepositoryRef repo = nodeA.enableRepository("PROJ", "cluster");
        GitRepo git = rig.git(nodeA, repo);
        String first = git.commitPipeline("main", pipeline(), "the cluster's first commit");
        PluginNodeProcess nodeB = rig.closeAfter(PluginNodeProcess.start(db.url(), home, repos,
                nodeA.registrationSecret(), CONFIG, REAP, List.of(repo), rig.root().resolve("node-b.log")));
        assertFalse("two nodes", nodeA.baseUrl().equals(nodeB.baseUrl()));
        diagnostics.add(() -> "==== output of node B ====\n" + nodeB.output());

        phase("both nodes serving");
        // the probe polls B directly; the build werkers reach the cluster through the load balancer only. All three
        // start at once (their JVM start-ups overlap); labels keep the probe off the 50 builds, and them off its build
        RoundRobinProxy proxy = rig.closeAfter(RoundRobinProxy.start(List.of(nodeA.baseUrl(), nodeB.baseUrl())));
        diagnostics.add(() -> "==== the balancer's requests ====\n" + proxy.journal());
        WerkerProcess probe = rig.start(new WerkerProcess.Spec("e2e-probe-" + tag, nodeB.baseUrl(),
                nodeA.registrationSecret(), rig.root().resolve("werker-probe"), List.of(probeTag), 1, "1s"));
        List<WerkerProcess> werkers = new ArrayList<>();
        for (String name : List.of("w1", "w2")) {
            werkers.add(rig.start(new WerkerProcess.Spec("e2e-" + name + "-" + tag, proxy.baseUrl(),
                    nodeA.registrationSecret(), rig.root().resolve("werker-" + name), List.of(tag), 2, "1s")));
        }

        // 1. a poll held on node B is answered when node A queues a build: B's re-check finds it in the database
        probe.awaitTakingWork();
        Thread.sleep(1000); // its poll is held on B now, for up to 20 s: nothing it may take is queued
        Build probed = nodeA.services().buildQueue.enqueue(new NewBuild(repo, "main", "refs/heads/main", first,
                "default", TriggerKind.PUSH, 0, "admin", Fixture.plan(null, probeTag, "probe"), null)).build();
        E2eRig.await("the probe build finished", Duration.ofSeconds(60),
                () -> nodeA.builds().find(probed.id()).orElseThrow().state() == BuildState.FINISHED);
        Build probeDone = nodeA.builds().find(probed.id()).orElseThrow();
        assertEquals(probe.name(), E2eRig.werkerName(nodeA, probeDone.werkerId()));
        long wokeAfter = probeDone.startedAt() - probeDone.queuedAt();
        assertTrue("leased " + wokeAfter + " ms after A queued it: B's held poll re-checked the database (2 s), it "
                + "did not wait out its 20 s hold", wokeAfter < 8_000);
        phase("probe leased after " + wokeAfter + " ms");
        // the probe stays (it polls B only, for its own label): stopping it would leave its held poll on B to lease
        // a build for a werker that is gone, until that lease ran out

        // 2. 50 pushes delivered to node A; their triggers are handled by whichever node claims them
        for (WerkerProcess w : werkers) {
            w.awaitTakingWork();
        }
        phase("werkers taking work through the balancer");
        Map<String, String> commits = git.branchesFrom(first, "b", BUILDS);
        commits.forEach((branch, commit) ->
                nodeA.services().listener.onRefsChanged(BitbucketEvents.push(repo, "admin", branch, null, commit)));

        phase("50 pushes delivered to node A");
        // 3. node B dies while builds run; the balancer finds it refusing and sends everything to A
        E2eRig.await("a fifth of the builds finished and some running", Duration.ofSeconds(120),
                () -> count(nodeA, commits, BuildState.FINISHED) >= BUILDS / 5
                        && count(nodeA, commits, BuildState.RUNNING) > 0);
        List<Long> runningAtKill = ids(nodeA, commits, BuildState.RUNNING);
        int servedByA = proxy.served(0);
        phase("killing node B; running: " + runningAtKill);
        nodeB.kill9();
        Thread.sleep(500); // an answer B sent just before it died is counted by now
        int servedByB = proxy.served(1);
        assertTrue("B answered werker calls before it died: " + servedByB, servedByB > 10);
        assertFalse(runningAtKill.isEmpty());

        E2eRig.await("every build finished", Duration.ofSeconds(180),
                () -> count(nodeA, commits, BuildState.FINISHED) == BUILDS);
        phase("every build finished");
        assertTrue("the werkers' later calls went to A", proxy.served(0) > servedByA);
        assertEquals("B is dead: nothing more served there", servedByB, proxy.served(1));

        // no lost build, no duplicate: one build per push, each handed to a werker once. A build leased in a poll
        // whose answer died with B (the werker never saw it) is released by that werker's next poll and leased again:
        // at most one per werker, as each has one poll in flight.
        Map<Long, List<Integer>> leases = new HashMap<>();
        for (WerkerProcess w : werkers) {
            Matcher m = LEASED.matcher(w.output());
            while (m.find()) {
                leases.computeIfAbsent(Long.parseLong(m.group(1)), k -> new ArrayList<>())
                        .add(Integer.parseInt(m.group(2)));
            }
        }
        int leasedAgain = 0;
        for (String commit : commits.values()) {
            List<Build> built = nodeA.builds().byCommitPrefix(repo.id(), commit, 5);
            assertEquals("one build for the push of " + commit, 1, built.size());
            Build b = built.get(0);
            String which = "build " + b.id() + (runningAtKill.contains(b.id()) ? " (running when B died)" : "");
            assertEquals(which, BuildResult.PASSED, b.outcome());
            assertEquals(which + ": handed to a werker once, on its last attempt", List.of(b.attempt()),
                    leases.get(b.id()));
            leasedAgain += b.attempt() > 1 ? 1 : 0;
            assertEquals(which, List.of(StageStatus.PASSED, StageStatus.PASSED),
                    nodeA.builds().stages(b.id()).stream().map(Stage::status).toList());
            assertEquals(which + ": its complete log", "one of build " + b.id() + "\ntwo of build " + b.id() + "\n",
                    E2eRig.stageOutput(nodeA, b.id(), b.attempt()));
        }
        phase(BUILDS + " builds checked; leased again after an answer lost with B: " + leasedAgain);
        assertTrue(leasedAgain + " builds leased again: only a poll answer lost with B may cost one",
                leasedAgain <= werkers.size());
        assertEquals(BUILDS, leases.size());
        List<String> refused = nodeB.output().lines().filter(l -> l.startsWith(PluginNodeMain.REFUSED)
                && l.contains(FakeBitbucket.UNESCALATED)).toList();
        assertTrue("Bitbucket refused node B's own calls: " + refused, refused.isEmpty());
    }

    /** Progress on stderr with the time since the start: where a slow run spent its time. */
    private void phase(String what) {
        System.err.printf("cluster e2e +%.1f s: %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    private static int count(PluginHarness h, Map<String, String> commits, BuildState state) {
        return ids(h, commits, state).size();
    }

    /** The builds of these commits in this state, in one query (the test polls it). */
    private static List<Long> ids(PluginHarness h, Map<String, String> commits, BuildState state) {
        java.util.Set<String> wanted = new java.util.HashSet<>(commits.values());
        return h.builds().recent(h.repository("PROJ", "cluster").id(), 4 * BUILDS).stream()
                .filter(b -> wanted.contains(b.commit()) && b.state() == state).map(Build::id).toList();
    }
}
