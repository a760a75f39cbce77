package io.ocelot.plugin.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to its end (bounded), stdout and stderr captured together: what tests and benchmarks use to drive
 * real {@code git} and {@code docker} and to probe versions. The one place that knows how to run a process and read
 * its output, so every caller fails the same way (the command, its exit code and what it printed).
 */
public final class Shell {
    /** How long a command may run when the caller names no limit. */
    public static final long TIMEOUT_SECONDS = 120;

    /** Who commits in test repositories (git refuses to commit without a name and an e-mail address). */
    private static final List<String> GIT_USER = List.of("-c", "user.name=Ocelot Test", "-c",
            "user.email=test@example.com");

    private Shell() {
    }

    /** How a command ended: its exit code and its output (stdout and stderr interleaved). */
    public record Result(List<String> cmd, int exit, String out) {
        public String trimmed() {
            return out.trim();
        }

        /** The output; fails, naming the command and showing the output, unless it exited 0. */
        public String ok() {
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited " + exit + ": " + trimmed());
            }
            return out;
        }
    }

    /** Runs {@code cmd} in {@code dir} (null: this process's directory) with no input. */
    public static Result run(List<String> cmd, Path dir, long timeoutSeconds) {
        return run(cmd, dir, null, timeoutSeconds);
    }

    /** Runs {@code cmd} in {@code dir} (null: this process's directory), {@code stdin} (null: none) as its input. */
    public static Result run(List<String> cmd, Path dir, String stdin, long timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir == null ? null : dir.toFile()).redirectErrorStream(true)
                    .start();
            try {
                // the input is written while the output is read, so neither side waits on a full pipe
                CompletableFuture.runAsync(() -> {
                    try (OutputStream in = p.getOutputStream()) {
                        if (stdin != null) {
                            in.write(stdin.getBytes(StandardCharsets.UTF_8));
                        }
                    } catch (IOException stoppedReading) {
                        // the command ended without reading all its input: its exit code tells how it went
                    }
                });
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", cmd) + " ran over " + timeoutSeconds + " s");
                }
                return new Result(List.copyOf(cmd), p.exitValue(), new String(out, StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException(String.join(" ", cmd) + " interrupted", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Result run(String... cmd) {
        return run(List.of(cmd), null, TIMEOUT_SECONDS);
    }

    /** Runs it and returns its output; fails, with its output, unless it exits 0. */
    public static String check(String... cmd) {
        return run(cmd).ok();
    }

    /** The first line of a probe's output, or why there is none. */
    public static String probe(String... cmd) {
        try {
            Result r = run(cmd);
            String line = r.trimmed().lines().findFirst().orElse("");
            return r.exit() == 0 && !line.isEmpty() ? line : "unavailable (" + String.join(" ", cmd) + ": exit "
                    + r.exit() + ")";
        } catch (RuntimeException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    /** {@code git -C dir args} as the test user; the trimmed output; fails, with its output, unless it exits 0. */
    public static String git(Path dir, String... args) {
        return gitRun(dir, args).ok().trim();
    }

    /** {@code git -C dir args} as the test user; the trimmed output, or null when git exits non-zero. */
    public static String gitOrNull(Path dir, String... args) {
        Result r = gitRun(dir, args);
        return r.exit() == 0 ? r.trimmed() : null;
    }

    /** {@code git -C dir args} as the test user, to its end whatever its exit code. */
    private static Result gitRun(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(GIT_USER);
        cmd.addAll(List.of(args));
        return run(cmd, null, TIMEOUT_SECONDS);
    }
}
