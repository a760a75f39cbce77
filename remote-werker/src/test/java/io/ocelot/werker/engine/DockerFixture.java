package io.ocelot.werker.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

/** The real Docker engine and the docker CLI, for test set-up and for checking what the engine left behind. */
final class DockerFixture {
    private DockerFixture() {
    }

    /** Fails (does not skip) when no engine answers: the engine suite is about the real thing. */
    static void requireDocker() {
        Result r = run("docker", "image", "inspect", "--format", "{{.Id}}", Plans.IMAGE);
        if (r.code != 0) {
            fail("the Docker engine or the image " + Plans.IMAGE + " is not available (" + r.out.strip()
                    + "); run scripts/setup-docker.sh as root");
        }
    }

    /** Ids of containers (running or not) carrying the label. */
    static List<String> containersLabelled(String label) {
        Result r = run("docker", "ps", "-aq", "--filter", "label=" + label);
        if (r.code != 0) {
            fail("docker ps failed: " + r.out);
        }
        List<String> ids = new ArrayList<>();
        for (String line : r.out.split("\n")) {
            if (!line.isBlank()) {
                ids.add(line.strip());
            }
        }
        return ids;
    }

    /** Names of networks carrying the label. */
    static List<String> networksLabelled(String label) {
        return lines(runOk("docker", "network", "ls", "-q", "--filter", "label=" + label).out);
    }

    /** Names of volumes carrying the label. */
    static List<String> volumesLabelled(String label) {
        return lines(runOk("docker", "volume", "ls", "-q", "--filter", "label=" + label).out);
    }

    private static List<String> lines(String out) {
        List<String> ids = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                ids.add(line.strip());
            }
        }
        return ids;
    }

    /** No container, network or volume carries the label. */
    static void assertNoDockerLeftovers(String label) {
        assertEquals("containers left behind (" + label + ")", List.of(), containersLabelled(label));
        assertEquals("networks left behind (" + label + ")", List.of(), networksLabelled(label));
        assertEquals("volumes left behind (" + label + ")", List.of(), volumesLabelled(label));
    }

    static void assertNothingLeft(String werkerName, Path workDir) throws IOException {
        assertNoDockerLeftovers("ocelot.werker=" + werkerName);
        if (Files.exists(workDir)) {
            try (Stream<Path> s = Files.list(workDir)) {
                assertEquals("workspaces left behind", List.of(), s.toList());
            }
        }
    }

    /** Removes the containers, then the networks and volumes, carrying the label. */
    static void removeLabelled(String label) {
        for (String id : containersLabelled(label)) {
            run("docker", "rm", "-f", id);
        }
        for (String id : networksLabelled(label)) {
            run("docker", "network", "rm", id);
        }
        for (String id : volumesLabelled(label)) {
            run("docker", "volume", "rm", "-f", id);
        }
    }

    record Result(int code, String out) {
    }

    static Result run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + String.join(" ", cmd));
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Result runOk(String... cmd) {
        Result r = run(cmd);
        if (r.code != 0) {
            fail(String.join(" ", cmd) + " failed (" + r.code + "): " + r.out);
        }
        return r;
    }
}
