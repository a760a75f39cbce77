package io.ocelot.werker.agent;

import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.core.protocol.Messages.CloneSpec;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.Assert.assertEquals;

/**
 * A real {@code ocelot werker start} process (this build's classes) against a {@link FakePlugin}, registered with the
 * registration secret in its environment as an admin starts it; plus a real git repository for its builds.
 */
final class RealWerker implements Closeable {
    final Process process;
    final Path log;

    private RealWerker(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code werker start --name NAME --labels linux --work-dir WORKDIR} with {@code extra} flags. */
    static RealWerker start(FakePlugin plugin, String name, Path workDir, Path log, String... extra)
            throws IOException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.ocelot.cli.Main", "werker", "start", "--name", name, "--labels", "linux",
                "--work-dir", workDir.toString()));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put(AgentConfig.ENV_SERVER, plugin.url());
        pb.environment().put(AgentConfig.ENV_REGISTRATION_SECRET, FakePlugin.SECRET);
        return new RealWerker(pb.start(), log);
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A host-shell plan (machineTag linux) of one stage. */
    static BuildPlan hostPlan(String stage, String... script) {
        return new BuildPlan(BuildPlan.VERSION, "default", null, "linux", 120, "/workspace", List.of(
                new PlannedStage(stage, List.of(script), Map.of(), "/workspace", 60, false, false, null)));
    }

    /** A repository with one commit at {@code dir}; returns its clone spec and, through {@code commit[0]}, the commit. */
    static CloneSpec repository(Path dir, String[] commit) throws Exception {
        Files.createDirectories(dir);
        git(dir, "init", "-q", "-b", "main");
        Files.writeString(dir.resolve("README"), "hello\n");
        git(dir, "add", ".");
        git(dir, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "one");
        commit[0] = git(dir, "rev-parse", "HEAD").strip();
        return new CloneSpec(dir.toUri().toString().replace("file:/", "file:///").replace("file:////", "file:///"),
                null, null, null);
    }

    static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(out, 0, p.waitFor());
        return out;
    }
}
