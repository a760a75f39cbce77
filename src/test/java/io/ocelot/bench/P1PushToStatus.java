package io.ocelot.bench;

import io.ocelot.e2e.E2eRig;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.testkit.PluginHarness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * P1: push event → final status of a one-stage {@code echo} build on an idle werker, one build at a time, with the
 * host-shell executor and with Docker, next to Buildbot forcing the same kind of build (clone + shell step) of the
 * same bare repository.
 */
final class P1PushToStatus {
    static final String SHELL_TAG = "bench-shell";
    private static final long BUILD_TIMEOUT_MS = 60_000;

    private P1PushToStatus() {
    }

    static String shellPipeline() {
        return "machineTag: " + SHELL_TAG + "\nstages:\n  - name: echo\n    script:\n      - echo hello\n";
    }

    static String dockerPipeline() {
        return "image: " + E2eRig.IMAGE + "\nstages:\n  - name: echo\n    script:\n      - echo hello\n";
    }

    static List<Row> run(int runs, int warmup) throws Exception {
        return BenchRig.within("P1", rig -> {
            PluginHarness h = rig.plugin(new OcelotConfig()); // Bitbucket's timings
            BenchRepo repo = rig.repo(h, "BENCH", "p1");
            repo.init(shellPipeline());
            rig.werker(h, "p1", 1, SHELL_TAG); // serves the machineTag and, like every werker, image builds
            List<Double> shell = measure(repo, runs, warmup, "P1 ocelot host-shell");
            repo.pipeline(dockerPipeline());
            List<Double> docker = measure(repo, runs, warmup, "P1 ocelot docker");

            List<Row> rows = new ArrayList<>();
            String why = BuildbotPeer.missing();
            if (why != null) {
                rows.add(new Row("P1 push→status, host shell (median)", Stats.medianP90(shell), why, "—"));
                rows.add(new Row("P1 push→status, docker (median)", Stats.medianP90(docker), why, "—"));
                return rows;
            }
            Out.progress("P1 buildbot: " + runs + " runs on " + repo.bare());
            Map<String, Object> bb = BuildbotPeer.run("p1", 600, "--repo", repo.bare().toString(), "--runs",
                    Integer.toString(runs), "--warmup", Integer.toString(warmup));
            List<Double> bbAll = BuildbotPeer.numbers(bb, "all_ms");
            Out.detail("P1 buildbot ms: " + Stats.list(bbAll) + " (" + BuildbotPeer.loads(bb) + ")");
            double peer = BuildbotPeer.number(bb, "median_ms");
            String peerText = "median " + Stats.ms(peer) + ", p90 " + Stats.ms(BuildbotPeer.number(bb, "p90_ms"));
            rows.add(Row.of("P1 push→status, host shell (" + runs + " runs)", Stats.median(shell),
                    Stats.medianP90(shell), peer, peerText));
            rows.add(Row.of("P1 push→status, docker (" + runs + " runs)", Stats.median(docker),
                    Stats.medianP90(docker), peer, peerText));
            return rows;
        });
    }

    /** {@code warmup} untimed builds, then {@code runs} timed ones; prints every sample and where the time went. */
    static List<Double> measure(BenchRepo repo, int runs, int warmup, String label) throws InterruptedException {
        Out.progress(label + ": " + warmup + " warm-up + " + runs + " builds");
        for (int i = 0; i < warmup; i++) {
            repo.pushNewCommit(BUILD_TIMEOUT_MS);
        }
        List<Double> all = new ArrayList<>();
        Phases phases = new Phases();
        for (int i = 0; i < runs; i++) {
            BenchRepo.Timed t = repo.pushNewCommit(BUILD_TIMEOUT_MS);
            all.add(t.ms());
            phases.add(t);
        }
        Out.detail(label + " ms: " + Stats.list(all) + "; " + Stats.medianP90(all));
        Out.detail(label + " phases (medians, ms): " + phases);
        return all;
    }

    /**
     * Where the time of timed pushes went, from each build's own timestamps (epoch ms): event → queued (listener,
     * {@code ocelot.yml}, plan, insert), queued → leased, leased → finish stored (the werker's run), finish → final
     * status seen by the benchmark. {@link #toString} gives the medians.
     */
    static final class Phases {
        private final List<Double> trigger = new ArrayList<>(), queued = new ArrayList<>(), ran = new ArrayList<>(),
                after = new ArrayList<>();

        void add(BenchRepo.Timed t) {
            double end = t.eventAtMillis() + t.ms();
            trigger.add((double) (t.build().queuedAt() - t.eventAtMillis()));
            queued.add((double) (t.build().startedAt() - t.build().queuedAt()));
            ran.add((double) (t.build().finishedAt() - t.build().startedAt()));
            after.add(end - t.build().finishedAt());
        }

        @Override
        public String toString() {
            return "event→queued " + Stats.ms(Stats.median(trigger)) + ", queued→leased "
                    + Stats.ms(Stats.median(queued)) + ", leased→finish stored " + Stats.ms(Stats.median(ran))
                    + ", finish→final status seen " + Stats.ms(Stats.median(after));
        }
    }
}
