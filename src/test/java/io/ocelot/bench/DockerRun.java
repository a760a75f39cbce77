package io.ocelot.bench;

import io.ocelot.e2e.E2eRig;
import io.ocelot.plugin.testkit.Shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** The peer of P2, P5 and P8: the {@code docker} command line, run the way a person would, timed from outside. */
final class DockerRun {
    static final String SCRIPT = "echo hello";

    private DockerRun() {
    }

    /** {@code docker run --rm IMAGE sh -c 'echo hello'}: start of the CLI to its exit, in ms. */
    static double echo() {
        long t0 = System.nanoTime();
        Shell.Result r = Shell.run(List.of("docker", "run", "--rm", "--label", "ocelot.bench=p2", E2eRig.IMAGE, "sh",
                "-c", SCRIPT), null, 120);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r.exit() != 0 || !r.trimmed().equals("hello")) {
            throw new IllegalStateException("docker run failed (" + r.exit() + "): " + r.trimmed());
        }
        return ms;
    }

    /**
     * P3's floor: {@code n} of {@link #echo}'s {@code docker run}s, {@code atOnce} of them running at any time (the
     * werkers' slots), from the first CLI start to the last exit, in ms. What a fresh container per build costs on
     * this machine before any CI system has done anything.
     */
    static double burst(int n, int atOnce) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(atOnce);
        try {
            long t0 = System.nanoTime();
            List<Future<Double>> runs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                runs.add(pool.submit(DockerRun::echo));
            }
            for (Future<Double> run : runs) {
                try {
                    run.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
                }
            }
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * P8's peer: {@code docker run --rm IMAGE sh -c 'echo first-line; sleep 1'}, timed from the start of the CLI
     * process to the first line read from its stdout (read as it comes, the way a terminal shows it); then waits for
     * the container to end, so the next run finds Docker idle.
     */
    static double firstLine(String line) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("docker", "run", "--rm", "--label", "ocelot.bench=p8", E2eRig.IMAGE, "sh", "-c",
                "echo " + line + "; sleep 1").start();
        String first;
        double ms;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            first = out.readLine();
            ms = (System.nanoTime() - t0) / 1e6;
            while (out.readLine() != null) {
                // the rest (none expected) until the container ends
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("docker run did not end within 120 s");
        }
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0 || !line.equals(first)) {
            throw new IllegalStateException("docker run failed (" + p.exitValue() + "), first line " + first + ": " + err);
        }
        return ms;
    }
}
