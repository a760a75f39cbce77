package io.ocelot.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an admin would type to look at the werkers' containers: the {@code docker} command, so the test sees the
 * daemon's truth independently of the werker's own Docker client.
 */
public final class DockerCli {
    private DockerCli() {
    }

    /** Ids of all containers (running or not) carrying {@code label} ({@code key=value}). */
    public static List<String> containers(String label) {
        String out = run("docker", "ps", "-aq", "--no-trunc", "--filter", "label=" + label);
        return Arrays.stream(out.split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public static List<String> werkerContainers(String werkerName) {
        return containers("ocelot.werker=" + werkerName);
    }

    /** Waits until no container has {@code label}; true when so within {@code timeout}. */
    public static boolean awaitNone(String label, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!containers(label).isEmpty()) {
            if (System.nanoTime() > until) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** Waits until some container has {@code label}; true when so within {@code timeout}. */
    public static boolean awaitSome(String label, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (containers(label).isEmpty()) {
            if (System.nanoTime() > until) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Clean-up after a failed test: force-removes every container with the label. */
    public static void removeAll(String label) {
        List<String> ids = containers(label);
        if (!ids.isEmpty()) {
            List<String> cmd = new ArrayList<>(List.of("docker", "rm", "-f"));
            cmd.addAll(ids);
            run(cmd.toArray(String[]::new));
        }
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
