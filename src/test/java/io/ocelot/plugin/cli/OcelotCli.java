package io.ocelot.plugin.cli;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.Assert.assertTrue;

/**
 * Runs the real {@code ocelot} binary (remote-werker/target/ocelot.jar) as a process, as a user would: output piped,
 * server and token from the environment only (no config file), optional standard input.
 */
public final class OcelotCli {
    public record Run(int exit, String out, String err) {
    }

    private final File jar;
    private final File workingDirectory;

    public OcelotCli(File workingDirectory) {
        this.jar = new File(System.getProperty("ocelot.repo.root", "."), "remote-werker/target/ocelot.jar");
        assertTrue("build the ocelot binary first: mvn -f remote-werker/pom.xml package (scripts/test-all.sh does)", jar.isFile());
        this.workingDirectory = workingDirectory;
    }

    public Run run(String url, String token, String stdin, String... args) throws Exception {
        Map<String, String> env = new java.util.HashMap<>();
        if (url != null) {
            env.put("OCELOT_URL", url);
        }
        if (token != null) {
            env.put("OCELOT_TOKEN", token);
        }
        return run(env, stdin, args);
    }

    /** With exactly these Ocelot variables set ({@code OCELOT_SERVER}, {@code OCELOT_URL}, {@code OCELOT_TOKEN}...). */
    public Run run(Map<String, String> ocelotEnv, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java",
                "-XX:TieredStopAtLevel=1", "-jar", jar.getAbsolutePath()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workingDirectory);
        Map<String, String> env = pb.environment();
        env.remove("OCELOT_URL");
        env.remove("OCELOT_SERVER");
        env.remove("OCELOT_TOKEN");
        env.put("OCELOT_CONFIG", new File(workingDirectory, "no-such-config").getPath());
        env.putAll(ocelotEnv);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (Exception e) {
                return e.toString();
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("ocelot " + String.join(" ", args) + " hung", p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, err.get());
    }
}
