package io.ocelot.e2e;

import io.ocelot.plugin.testkit.Shell;

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

    /** Ids of all containers (running or not) carrying every one of {@code labels} ({@code key=value}). */
    public static List<String> containers(String... labels) {
        List<String> cmd = new ArrayList<>(List.of("docker", "ps", "-aq", "--no-trunc"));
        for (String label : labels) {
            cmd.add("--filter");
            cmd.add("label=" + label);
        }
        String out = Shell.check(cmd.toArray(String[]::new));
        return Arrays.stream(out.split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The container of build {@code buildId} run by werker {@code werkerName} (build ids repeat across test plugins). */
    public static List<String> buildContainers(String werkerName, long buildId) {
        return containers("ocelot.werker=" + werkerName, "ocelot.build=" + buildId);
    }

    public static List<String> werkerContainers(String werkerName) {
        return containers("ocelot.werker=" + werkerName);
    }

    /** Waits until no container has all the {@code labels}; true when so within {@code timeout}. */
    public static boolean awaitNone(Duration timeout, String... labels) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!containers(labels).isEmpty()) {
            if (System.nanoTime() > until) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** Waits until some container has all the {@code labels}; true when so within {@code timeout}. */
    public static boolean awaitSome(Duration timeout, String... labels) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (containers(labels).isEmpty()) {
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
            Shell.check(cmd.toArray(String[]::new));
        }
    }
}
