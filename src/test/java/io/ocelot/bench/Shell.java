package io.ocelot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end (bounded), output captured: the peers' command lines and version probes. */
final class Shell {
    private Shell() {
    }

    record Result(int exit, String out) {
        String trimmed() {
            return out.trim();
        }
    }

    static Result run(List<String> cmd, Path dir, long timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir == null ? null : dir.toFile()).redirectErrorStream(true)
                    .start();
            try {
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", cmd) + " ran over " + timeoutSeconds + " s");
                }
                return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException(String.join(" ", cmd) + " interrupted", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result run(String... cmd) {
        return run(List.of(cmd), null, 120);
    }

    /** Runs it and fails, with its output, unless it exits 0. */
    static String check(String... cmd) {
        Result r = run(cmd);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + r.exit() + ": " + r.trimmed());
        }
        return r.out();
    }

    /** The first line of a probe's output, or why there is none. */
    static String probe(String... cmd) {
        try {
            Result r = run(cmd);
            String line = r.trimmed().lines().findFirst().orElse("");
            return r.exit() == 0 && !line.isEmpty() ? line : "unavailable (" + String.join(" ", cmd) + ": exit "
                    + r.exit() + ")";
        } catch (RuntimeException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }
}
