package io.ocelot.bench;

import io.ocelot.core.Json;
import io.ocelot.plugin.testkit.Shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Buildbot 3.7 peer: {@code bench/buildbot/run.sh} (its own master and workers, its own teardown on every exit
 * path), whose one JSON line on stdout is the result. Its progress goes to our stderr.
 */
final class BuildbotPeer {
    private BuildbotPeer() {
    }

    static Path script() {
        return Path.of(System.getProperty("ocelot.repo.root", "."), "bench/buildbot/run.sh").toAbsolutePath();
    }

    /** Null when Buildbot is installed; else what to do about it. */
    static String missing() {
        if (Shell.run("sh", "-c", "command -v buildbot && command -v buildbot-worker").exit() != 0) {
            return "buildbot not installed: run bench/buildbot/setup.sh as root";
        }
        return null;
    }

    /** Runs {@code run.sh MODE ARGS...}; the parsed JSON result. Interrupting this stops it (SIGTERM, its traps). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> run(String mode, long timeoutSeconds, String... args) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(script().toString(), mode));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // run.sh prints one short line at the very end: reading it to EOF cannot fill the pipe
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("buildbot " + mode + " ran over " + timeoutSeconds + " s");
            }
            String line = new String(out, StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0 || line.isEmpty()) {
                throw new IllegalStateException("buildbot " + mode + " exited " + p.exitValue() + ": " + line);
            }
            return Json.read(line, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (p.isAlive()) {
                p.destroy(); // SIGTERM: run.sh stops its master and workers and removes its directory
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    static double number(Map<String, Object> result, String key) {
        Object v = result.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalStateException("buildbot result has no " + key + ": " + result);
        }
        return n.doubleValue();
    }

    @SuppressWarnings("unchecked")
    static List<Double> numbers(Map<String, Object> result, String key) {
        return ((List<Number>) result.getOrDefault(key, List.of())).stream().map(Number::doubleValue).toList();
    }

    static String loads(Map<String, Object> result) {
        return "load " + result.get("loadavg_start") + "→" + result.get("loadavg_end");
    }

}
