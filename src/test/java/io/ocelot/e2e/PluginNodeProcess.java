package io.ocelot.e2e;

import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.PluginNodeMain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second plugin node in a JVM of its own ({@link PluginNodeMain}, the test classpath), over the first node's
 * database, shared home and repositories. Its output goes to a file kept for diagnostics; {@link #kill9()} is a node
 * lost without a clean stop, {@link #close()} a clean stop (standard input closed) and, failing that, SIGKILL.
 */
public final class PluginNodeProcess implements AutoCloseable {
    private final Process process;
    private final Path logFile;
    private final String baseUrl;

    private PluginNodeProcess(Process process, Path logFile, String baseUrl) {
        this.process = process;
        this.logFile = logFile;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts the node and waits until it serves. {@code repositories}: every repository the first node handed an id
     * to, in id order.
     */
    public static PluginNodeProcess start(String dbUrl, Path home, Path reposRoot, String registrationSecret,
                                          OcelotConfig config, Duration reapEvery, List<RepositoryRef> repositories,
                                          Path logFile) throws InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dsun.net.httpserver.nodelay=true",
                "-Docelot.test.db=postgresql", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", classpath, PluginNodeMain.class.getName(), dbUrl, home.toString(), reposRoot.toString(),
                Long.toString(config.pollHold().toMillis()),
                Long.toString(config.pollRecheck().toMillis()), Long.toString(config.lease().toMillis()),
                Long.toString(reapEvery.toMillis())));
        for (RepositoryRef r : repositories) {
            cmd.add(r.projectKey() + "/" + r.slug());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().put(PluginNodeMain.SECRET_VARIABLE, registrationSecret);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String out = read(logFile);
            int at = out.indexOf(PluginNodeMain.READY);
            if (at >= 0 && out.indexOf('\n', at) > 0) {
                String url = out.substring(at + PluginNodeMain.READY.length(), out.indexOf('\n', at)).trim();
                return new PluginNodeProcess(p, logFile, url);
            }
            if (!p.isAlive() || System.nanoTime() > until) {
                p.destroyForcibly();
                throw new AssertionError("the second plugin node did not start serving:\n" + out);
            }
            Thread.sleep(50);
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Process process() {
        return process;
    }

    /** The node's output so far. */
    public String output() {
        return read(logFile);
    }

    /** The node's host dies: SIGKILL, no clean stop (its reaper claim, its held polls and connections just end). */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                process.getOutputStream().close(); // a clean stop
            } catch (IOException ignored) {
                // gone already
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
