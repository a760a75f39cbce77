package io.ocelot.werker.bench;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageResult;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.werker.engine.BuildListener;
import io.ocelot.werker.engine.BuildOutcome;
import io.ocelot.werker.engine.BuildRequest;
import io.ocelot.werker.engine.BuildRunner;
import io.ocelot.werker.engine.Cancellation;
import io.ocelot.werker.engine.EngineConfig;
import io.ocelot.werker.wiring.Engines;
import io.ocelot.werker.engine.docker.DockerJanitor;
import io.ocelot.werker.engine.docker.ReadyContainers;
import io.ocelot.werker.engine.Trees;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Ocelot's per-build overhead on the local Docker engine: the engine running a one-stage {@code echo} plan (copy
 * the workspace, create + start the container, exec the stage, remove the container) next to a bare
 * {@code docker run --rm IMAGE sh -c 'echo hello'} of the same script, both measured in this run, interleaved.
 * After the runs, where the engine's time went as far as it shows from outside (by when its listener is called):
 * up to the stage's start, to its first output, to its end, and the clean-up after it.
 * The last line printed is the same result as one JSON object, for the benchmark runner
 * ({@code src/test/java/io/ocelot/bench}, P2).
 *
 * Test code, not in the shipped binary: it runs on the binary plus the werker's compiled test classes
 * ({@code mvn -f remote-werker/pom.xml test-compile}; {@code scripts/bench.sh} does both).
 *
 * <pre>java -cp remote-werker/target/ocelot.jar:remote-werker/target/test-classes io.ocelot.werker.bench.OverheadBenchmark [RUNS] [IMAGE]</pre>
 */
public final class OverheadBenchmark {
    private static final Object RUN = new Object();
    private static volatile boolean stopping;

    private OverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String image = args.length > 1 ? args[1] : "ocelot/busybox:latest";
        Path root = Files.createTempDirectory("ocelot-bench-");
        Path project = Files.createDirectories(root.resolve("project"));
        Files.writeString(project.resolve("README"), "benchmark workspace\n");
        EngineConfig config = EngineConfig.of("bench", root.resolve("work"));
        BuildRunner engine = Engines.create(config);
        // the engine as `ocelot werker start` runs it: the build container made ready after the previous build
        ReadyContainers ready = new ReadyContainers(config);
        BuildRunner werkerEngine = Engines.create(config, null, 0, null, ready);
        // Stopped mid-run (SIGTERM from the benchmark runner): let the build in progress end (it removes its own
        // container), start no other, then remove anything left and the temporary directory.
        Thread cleanUp = new Thread(() -> {
            stopping = true;
            synchronized (RUN) {
                try {
                    ready.close();
                    new DockerJanitor(config).removeLeftovers("bench", Set.of());
                    Trees.deleteRecursively(root);
                } catch (Exception e) {
                    System.err.println("could not clean up after the benchmark: " + e);
                }
            }
        }, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        BuildPlan plan = new BuildPlan(BuildPlan.VERSION, "default", image, null, 0, BuildPlan.CONTAINER_WORKSPACE,
                List.of(new PlannedStage("echo", List.of("echo hello"), Map.of(), null, 0, false, false, null)));
        // warm-up: class loading, the JIT, Docker's caches
        runEngine(engine, plan, project, new Phases());
        runEngine(werkerEngine, plan, project, new Phases());
        runDocker(image);

        List<Long> ocelot = new ArrayList<>();
        List<Long> cold = new ArrayList<>();
        List<Long> docker = new ArrayList<>();
        List<Phases> phases = new ArrayList<>();
        List<Phases> coldPhases = new ArrayList<>();
        long readySince = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            Phases c = new Phases();
            cold.add(runEngine(engine, plan, project, c));
            coldPhases.add(c);
            docker.add(runDocker(image));
            // a build on an idle werker: its previous build's clean-up and the ready container are done (1 s)
            long wait = readySince + TimeUnit.SECONDS.toNanos(1) - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000 + 1);
            }
            Phases p = new Phases();
            ocelot.add(runEngine(werkerEngine, plan, project, p));
            readySince = System.nanoTime();
            phases.add(p);
        }
        ready.close();
        long o = median(ocelot), oc = median(cold), d = median(docker);
        System.out.printf("runs: %d, image: %s%n", runs, image);
        System.out.printf("ocelot engine as the werker runs it (container made ready after the previous build), "
                + "one-stage echo build (median): %6.0f ms%n", o / 1e6);
        // Seen from outside the engine, by the times its listener is called (what the werker's agent hears)
        System.out.printf("  where (medians): run → stage started %.0f ms (workspace, container create + start), "
                        + "stage started → first output %.0f ms (the stage's exec), first output → stage finished "
                        + "%.0f ms, stage finished → outcome told %.0f ms, outcome → run returned %.0f ms (clean-up, "
                        + "container removed, after the outcome)%n",
                Phases.median(phases, 0) / 1e6, Phases.median(phases, 1) / 1e6, Phases.median(phases, 2) / 1e6,
                Phases.median(phases, 3) / 1e6, Phases.median(phases, 4) / 1e6);
        System.out.printf("ocelot engine, container created by the build (median): %6.0f ms%n", oc / 1e6);
        System.out.printf("  where (medians): run → stage started %.0f ms, → first output %.0f ms, → stage finished "
                        + "%.0f ms, → outcome told %.0f ms, → run returned %.0f ms%n", Phases.median(coldPhases, 0) / 1e6,
                Phases.median(coldPhases, 1) / 1e6, Phases.median(coldPhases, 2) / 1e6,
                Phases.median(coldPhases, 3) / 1e6, Phases.median(coldPhases, 4) / 1e6);
        System.out.printf("docker run --rm %s sh -c 'echo hello' (median): %6.0f ms%n", image, d / 1e6);
        System.out.printf("ratio ocelot / docker run: %.2f   (overhead %+.0f ms per build)%n", (double) o / d, (o - d) / 1e6);
        System.out.printf(java.util.Locale.ROOT, "{\"runs\": %d, \"image\": \"%s\", \"engine_median_ms\": %.1f, "
                + "\"engine_cold_median_ms\": %.1f, \"docker_run_median_ms\": %.1f}%n", runs, image, o / 1e6, oc / 1e6,
                d / 1e6);
        Runtime.getRuntime().removeShutdownHook(cleanUp);
        Trees.deleteRecursively(root);
    }

    /**
     * One run's moments ({@link System#nanoTime}) as the listener hears them: stage started, first stdout bytes, stage
     * finished; {@link #returned} when {@code run} came back. Filled from the engine's threads, read after the run.
     */
    private static final class Phases implements BuildListener {
        volatile long start, started, firstOutput, finished, outcome, returned;

        public void stageStarted(int index, String name) {
            started = System.nanoTime();
        }

        public void log(int index, LogStream stream, byte[] data) {
            if (index >= 0 && stream == LogStream.STDOUT && firstOutput == 0) {
                firstOutput = System.nanoTime();
            }
        }

        public void stageFinished(StageResult result) {
            finished = System.nanoTime();
        }

        public void buildFinished(io.ocelot.werker.engine.BuildOutcome o) {
            outcome = System.nanoTime();
        }

        /**
         * Phase {@code i}: 0 run → stage started, 1 → first output, 2 → stage finished, 3 → outcome told (what the
         * werker reports), 4 → run returned (the clean-up after it).
         */
        long phase(int i) {
            long[] at = {start, started, firstOutput, finished, outcome, returned};
            if (at[i] == 0 || at[i + 1] == 0) {
                throw new IllegalStateException("the listener did not hear phase " + i + " of the run");
            }
            return at[i + 1] - at[i];
        }

        static long median(List<Phases> runs, int i) {
            List<Long> xs = new ArrayList<>();
            runs.forEach(p -> xs.add(p.phase(i)));
            return OverheadBenchmark.median(xs);
        }
    }

    private static long runEngine(BuildRunner engine, BuildPlan plan, Path project, Phases phases) {
        synchronized (RUN) {
            if (stopping) {
                throw new IllegalStateException("stopping");
            }
            return timeEngine(engine, plan, project, phases);
        }
    }

    private static long timeEngine(BuildRunner engine, BuildPlan plan, Path project, Phases phases) {
        long t0 = System.nanoTime();
        phases.start = t0;
        BuildOutcome outcome = engine.run(new BuildRequest(1, "bench", plan, null, null, "main", project, Map.of(),
                null), phases, new Cancellation());
        long took = System.nanoTime() - t0;
        phases.returned = t0 + took;
        if (outcome.result() != BuildResult.PASSED) {
            throw new IllegalStateException("the benchmark build did not pass: " + outcome.message());
        }
        return took;
    }

    private static long runDocker(String image) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("docker", "run", "--rm", image, "sh", "-c", "echo hello")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("docker run failed");
        }
        return System.nanoTime() - t0;
    }

    private static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
