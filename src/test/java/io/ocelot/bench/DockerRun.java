package io.ocelot.bench;

import io.ocelot.e2e.E2eRig;
import io.ocelot.plugin.testkit.Shell;

import java.util.List;

/** The peer of P2 and P5: the {@code docker} command line, run the way a person would, timed from outside. */
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
}
