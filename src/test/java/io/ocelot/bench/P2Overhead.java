package io.ocelot.bench;

import io.ocelot.core.Json;
import io.ocelot.e2e.E2eRig;
import io.ocelot.e2e.WerkerProcess;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.Shell;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * P2: what Ocelot adds to running the script in a container. End to end (push event → final status through the
 * plugin and a real werker, Docker executor) and engine only (the werker's engine in-process:
 * {@code io.ocelot.werker.bench.OverheadBenchmark}, werker test code run on the werker binary), each next to a bare
 * {@code docker run --rm ocelot/busybox sh -c 'echo hello'} measured in the same run, interleaved; end to end, each
 * run (Ocelot's or docker's) comes {@link BenchRepo#IDLE_MS} after the last Ocelot build's status, when the werker's
 * clean-up after that status is over.
 */
final class P2Overhead {
    private P2Overhead() {
    }

    static List<Row> run(int runs) throws Exception {
        List<Row> rows = new ArrayList<>();
        rows.addAll(BenchRig.within("P2", rig -> {
            PluginHarness h = rig.plugin(new OcelotConfig());
            BenchRepo repo = rig.repo(h, "BENCH", "p2");
            repo.init(P1PushToStatus.dockerPipeline());
            rig.werker(h, "p2", 1);
            Out.progress("P2 end to end: 2 warm-up, then " + runs + " builds interleaved with bare docker runs");
            for (int i = 0; i < 2; i++) {
                repo.pushNewCommit(60_000);
                DockerRun.echo();
            }
            List<Double> ocelot = new ArrayList<>();
            List<Double> docker = new ArrayList<>();
            P1PushToStatus.Phases phases = new P1PushToStatus.Phases();
            for (int i = 0; i < runs; i++) {
                BenchRepo.Timed t = repo.pushNewCommit(60_000);
                ocelot.add(t.ms());
                phases.add(t);
                repo.awaitIdle(); // docker run does not compete with the werker's clean-up after the status
                docker.add(DockerRun.echo());
            }
            Out.detail("P2 end-to-end ms: " + Stats.list(ocelot) + "; docker run ms: " + Stats.list(docker));
            Out.detail("P2 end-to-end phases (medians, ms): " + phases);
            double o = Stats.median(ocelot), d = Stats.median(docker);
            return List.of(Row.of("P2 overhead end to end (" + runs + " runs)", o,
                    Stats.ms(o) + " (" + signed(o - d) + ")", d, Stats.ms(d) + " docker run"));
        }));
        rows.addAll(engineOnly(runs));
        return rows;
    }

    /** The werker's own engine benchmark, in a JVM of its own; its last line is its result as JSON. */
    @SuppressWarnings("unchecked")
    private static List<Row> engineOnly(int runs) {
        Out.progress("P2 engine only: OverheadBenchmark " + runs + " runs");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = WerkerProcess.jar().getAbsolutePath() + File.pathSeparator + benchClasses();
        Shell.Result r = Shell.run(List.of(java, "-cp", classpath,
                "io.ocelot.werker.bench.OverheadBenchmark", Integer.toString(runs), E2eRig.IMAGE), null, 600);
        String last = r.trimmed().lines().reduce((a, b) -> b).orElse("");
        if (r.exit() != 0 || !last.startsWith("{")) {
            throw new IllegalStateException("OverheadBenchmark failed (" + r.exit() + "): " + r.trimmed());
        }
        Map<String, Object> m = Json.read(last, Map.class);
        double o = ((Number) m.get("engine_median_ms")).doubleValue();
        double cold = ((Number) m.get("engine_cold_median_ms")).doubleValue();
        double d = ((Number) m.get("docker_run_median_ms")).doubleValue();
        Out.detail("P2 engine only: " + r.trimmed().lines().filter(l -> !l.startsWith("{")).toList());
        return List.of(Row.of("P2 overhead engine only (" + runs + " runs)", o,
                        Stats.ms(o) + " (" + signed(o - d) + ")", d,
                        Stats.ms(d) + " docker run"),
                Row.of("P2 engine only, container made by the build", cold,
                        Stats.ms(cold) + " (" + signed(cold - d) + ")", d, Stats.ms(d) + " docker run"));
    }

    /** The werker's compiled test classes, where the benchmark lives (it is not shipped in the binary). */
    private static String benchClasses() {
        File dir = new File(System.getProperty("ocelot.repo.root", "."), "remote-werker/target/test-classes");
        if (!new File(dir, "io/ocelot/werker/bench/OverheadBenchmark.class").isFile()) {
            throw new IllegalStateException("the engine benchmark is werker test code and " + dir.getAbsolutePath()
                    + " does not hold it: compile it with 'mvn -B -q -ntp -f remote-werker/pom.xml test-compile' "
                    + "(scripts/bench.sh does)");
        }
        return dir.getAbsolutePath();
    }

    /** An overhead with its sign ("+22.80 ms", "−28.50 ms"): Ocelot may be quicker than the bare run. */
    private static String signed(double ms) {
        return (ms >= 0 ? "+" : "−") + Stats.ms(Math.abs(ms));
    }
}
