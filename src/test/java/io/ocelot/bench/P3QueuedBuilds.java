package io.ocelot.bench;

import com.atlassian.bitbucket.event.repository.RepositoryPushEvent;

import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.testkit.BitbucketEvents;
import io.ocelot.plugin.testkit.PluginHarness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * P3: N builds queued at once on 2 werkers × 2 slots ({@code --max-builds 2}); wall time from the first push event to
 * the N-th final status. The builds are N distinct commits (same tree), each on a branch of its own, announced by N
 * push events delivered back to back into the plugin's listener. Measured with the host-shell executor (what
 * Buildbot's workers do: a clone and a shell step) and with Docker; the peer is Buildbot with 2 workers × 2 slots
 * and N forced builds of the same bare repository. The floor of the Docker half is N bare {@code docker run}s of the
 * same image and script, 4 at a time ({@link DockerRun#burst}): a fresh container per build, and nothing else.
 */
final class P3QueuedBuilds {
    private P3QueuedBuilds() {
    }

    static List<Row> run(int n) throws Exception {
        return BenchRig.within("P3", rig -> {
            PluginHarness h = rig.plugin(new OcelotConfig().withTriggerQueueCapacity(Math.max(1000, 2 * n)));
            BenchRepo repo = rig.repo(h, "BENCH", "p3");
            repo.init(P1PushToStatus.shellPipeline());
            rig.werker(h, "p3a", 2, P1PushToStatus.SHELL_TAG);
            rig.werker(h, "p3b", 2, P1PushToStatus.SHELL_TAG);
            for (int i = 0; i < 4; i++) {
                repo.pushNewCommit(60_000); // warm-up of the whole path (class loading, JIT), as Buildbot's start-up
            }
            double shell = wall(h, repo, "p3shell", n, "P3 ocelot host-shell");
            repo.pipeline(P1PushToStatus.dockerPipeline());
            repo.pushNewCommit(60_000);
            double docker = wall(h, repo, "p3docker", n, "P3 ocelot docker");
            Out.progress("P3 floor: " + n + " bare docker runs, 4 at a time");
            double floor = DockerRun.burst(n, 4);
            Out.detail(String.format("P3 floor: %d × `docker run --rm %s sh -c '%s'`, 4 at a time: wall %s "
                    + "(%.2f runs/s)", n, io.ocelot.e2e.E2eRig.IMAGE, DockerRun.SCRIPT, Stats.ms(floor),
                    n / (floor / 1000)));

            String label = "P3 " + n + " builds, 2×2";
            List<Row> rows = new ArrayList<>();
            Row floorRow = Row.of(label + ", docker vs the floor (bare `docker run`, 4 at a time)", docker,
                    Stats.ms(docker), floor, Stats.ms(floor) + " docker run");
            String why = BuildbotPeer.missing();
            if (why != null) {
                rows.add(new Row(label + ", host shell (wall)", Stats.ms(shell), why, "—"));
                rows.add(new Row(label + ", docker (wall)", Stats.ms(docker), why, "—"));
                rows.add(floorRow);
                return rows;
            }
            Out.progress("P3 buildbot: " + n + " builds, 2 workers × 2 slots");
            Map<String, Object> bb = BuildbotPeer.run("p3", 1200, "--repo", repo.bare().toString(), "--builds",
                    Integer.toString(n), "--workers", "2", "--slots", "2");
            double peer = BuildbotPeer.number(bb, "wall_ms");
            Out.detail("P3 buildbot: wall " + Stats.ms(peer) + ", forcing took " + Stats.ms(BuildbotPeer.number(bb,
                    "queue_ms")) + ", per worker " + bb.get("builds_per_worker") + ", failed " + bb.get("failed")
                    + " (" + BuildbotPeer.loads(bb) + ")");
            String peerText = Stats.ms(peer) + String.format(" (%.2f builds/s)", n / (peer / 1000));
            rows.add(Row.of(label + ", host shell (wall)", shell, Stats.ms(shell) + String.format(" (%.2f builds/s)",
                    n / (shell / 1000)), peer, peerText));
            rows.add(Row.of(label + ", docker (wall)", docker, Stats.ms(docker) + String.format(" (%.2f builds/s)",
                    n / (docker / 1000)), peer, peerText));
            rows.add(floorRow);
            // the goal for P3 docker is 0.45 × Buildbot: below the floor, no fresh container per build meets it
            Out.detail(String.format("P3 goal for docker (0.45 × Buildbot's %s) = %s, %.2f × the floor", Stats.ms(peer),
                    Stats.ms(0.45 * peer), 0.45 * peer / floor));
            return rows;
        });
    }

    /** Queues {@code n} builds at once and waits for all of them; the wall time in ms. */
    private static double wall(PluginHarness h, BenchRepo repo, String prefix, int n, String label)
            throws InterruptedException {
        List<String> commits = repo.commitsOnOwnBranches(prefix, n);
        // the events are Mockito mocks of Bitbucket's: made before the clock starts, their cost is not Ocelot's
        List<RepositoryPushEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(BitbucketEvents.push(repo.ref(), "bench", prefix + "-" + i, null, commits.get(i)));
        }
        Out.progress(label + ": " + n + " push events at once");
        long t0 = System.nanoTime();
        events.forEach(h.services().listener::onRefsChanged);
        double queuedMs = (System.nanoTime() - t0) / 1e6;
        long deadline = System.currentTimeMillis() + 15 * 60_000L;
        List<Build> done = new ArrayList<>();
        for (String c : commits) {
            long left = Math.max(1, deadline - System.currentTimeMillis());
            BuildStatus s = h.statuses().awaitFinal(c, left);
            done.add(repo.checkPassed(s, c, left));
        }
        double wall = (System.nanoTime() - t0) / 1e6;
        Map<String, Integer> perWerker = new TreeMap<>();
        done.forEach(b -> perWerker.merge(io.ocelot.e2e.E2eRig.werkerName(h, b.werkerId()), 1, Integer::sum));
        long firstQueued = done.stream().mapToLong(Build::queuedAt).min().orElse(0);
        long lastQueued = done.stream().mapToLong(Build::queuedAt).max().orElse(0);
        Out.detail(String.format("%s: wall %s, %.2f builds/s; events handed over in %s, all queued after %s; "
                        + "builds per werker %s", label, Stats.ms(wall), n / (wall / 1000), Stats.ms(queuedMs),
                Stats.ms(lastQueued - firstQueued), perWerker.values()));
        return wall;
    }
}
