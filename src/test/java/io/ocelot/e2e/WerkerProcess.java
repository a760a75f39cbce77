package io.ocelot.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.Assert.assertTrue;

/**
 * A real {@code ocelot werker start} process (remote-werker/target/ocelot.jar) as an admin runs it: the registration
 * secret in its ENVIRONMENT ({@code OCELOT_REGISTRATION_SECRET}), never on argv; its own work dir (token file, spool,
 * workspaces), so a restart with the same {@link Spec} is the same werker; stdout and stderr in one file kept for
 * diagnostics. {@link #close()} always kills it.
 */
public final class WerkerProcess implements AutoCloseable {
    /**
     * The tests' JVM flags for the werker: a capped heap, the C1 compiler only and the serial collector, so many
     * short-lived werkers start fast on a small machine. A test-speed choice: the shipped launcher ({@code ./ocelot})
     * runs {@code java -jar} with the JVM's defaults; the benchmarks pass their own ({@link Spec#withJvmOptions}).
     */
    public static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx192m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");

    /**
     * What to start; {@link #workDir} is kept by the caller so a restart reuses the saved token and leftovers.
     * {@code jvmOptions} go before {@code -jar} ({@link #TEST_JVM_OPTIONS} unless given).
     */
    public record Spec(String name, String serverUrl, String registrationSecret, Path workDir, List<String> labels,
                       int maxBuilds, String grace, List<String> extraArgs, List<String> jvmOptions) {
        public Spec {
            labels = List.copyOf(labels);
            extraArgs = extraArgs == null ? List.of() : List.copyOf(extraArgs);
            jvmOptions = jvmOptions == null ? TEST_JVM_OPTIONS : List.copyOf(jvmOptions);
        }

        public Spec(String name, String serverUrl, String registrationSecret, Path workDir, List<String> labels,
                    int maxBuilds, String grace, List<String> extraArgs) {
            this(name, serverUrl, registrationSecret, workDir, labels, maxBuilds, grace, extraArgs, null);
        }

        public Spec(String name, String serverUrl, String registrationSecret, Path workDir, List<String> labels,
                    int maxBuilds, String grace) {
            this(name, serverUrl, registrationSecret, workDir, labels, maxBuilds, grace, List.of(), null);
        }

        public Spec withLabels(String... l) {
            return new Spec(name, serverUrl, registrationSecret, workDir, List.of(l), maxBuilds, grace, extraArgs,
                    jvmOptions);
        }

        public Spec withGrace(String g) {
            return new Spec(name, serverUrl, registrationSecret, workDir, labels, maxBuilds, g, extraArgs, jvmOptions);
        }

        /** More {@code werker start} flags, e.g. {@code --build-pids 40}. */
        public Spec withArgs(String... args) {
            return new Spec(name, serverUrl, registrationSecret, workDir, labels, maxBuilds, grace, List.of(args),
                    jvmOptions);
        }

        /** The werker JVM's own flags instead of {@link #TEST_JVM_OPTIONS}, e.g. {@code -Xmx192m}. */
        public Spec withJvmOptions(String... options) {
            return new Spec(name, serverUrl, registrationSecret, workDir, labels, maxBuilds, grace, extraArgs,
                    List.of(options));
        }
    }

    private final Spec spec;
    private final Path logFile;
    private final Process process;
    /** Where this run's output starts in {@link #logFile}: {@link #awaitLog} looks at this run only. */
    private final long runStart;

    private WerkerProcess(Spec spec, Path logFile, Process process, long runStart) {
        this.spec = spec;
        this.logFile = logFile;
        this.process = process;
        this.runStart = runStart;
    }

    /** The binary; fails the test with what to do when it has not been built. */
    public static File jar() {
        File jar = new File(System.getProperty("ocelot.repo.root", "."), "remote-werker/target/ocelot.jar");
        assertTrue("the end-to-end tests run the real werker, and " + jar.getAbsolutePath() + " is missing: build it "
                + "with 'mvn -B -q -ntp -f remote-werker/pom.xml -DskipTests package' (scripts/test-all.sh does)",
                jar.isFile());
        return jar;
    }

    /**
     * Starts the werker; its output goes to {@code logFile} (appended, so a restarted werker's log follows the first
     * run's). Returns once the process runs; use {@link #awaitLog} to wait for it to take work.
     */
    public static WerkerProcess start(Spec spec, Path logFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(spec.jvmOptions());
        cmd.addAll(List.of("-jar", jar().getAbsolutePath(), "werker", "start",
                "--server", spec.serverUrl(), "--name", spec.name(), "--work-dir", spec.workDir().toString(),
                "--max-builds", Integer.toString(spec.maxBuilds()), "--grace", spec.grace(),
                "--disk-floor", "0", "--drain-timeout", "5s"));
        if (!spec.labels().isEmpty()) {
            cmd.add("--labels");
            cmd.add(String.join(",", spec.labels()));
        }
        cmd.addAll(spec.extraArgs());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = pb.environment();
        env.remove("OCELOT_WERKER_TOKEN");
        env.remove("OCELOT_SERVER");
        if (spec.registrationSecret() != null) {
            env.put("OCELOT_REGISTRATION_SECRET", spec.registrationSecret());
        }
        try {
            Files.createDirectories(spec.workDir());
            long runStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            Files.writeString(logFile, "---- werker " + spec.name() + " started: " + String.join(" ", cmd) + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            return new WerkerProcess(spec, logFile, pb.start(), runStart);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public Spec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public Process process() {
        return process;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process's output so far (both runs if it was restarted into the same file). */
    public String output() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /** This run's output (a restarted werker's first run left out). */
    private String thisRun() {
        try {
            byte[] all = Files.readAllBytes(logFile);
            int from = (int) Math.min(runStart, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /**
     * Waits until this run's output matches {@code regex} (found anywhere in it; a restarted werker's earlier run does
     * not count); fails with the output when it does not.
     */
    public void awaitLog(String regex, Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long until = System.nanoTime() + timeout.toNanos();
        while (!p.matcher(thisRun()).find()) {
            if (!process.isAlive() && !p.matcher(thisRun()).find()) {
                throw new AssertionError("werker " + name() + " exited (" + process.exitValue()
                        + ") before logging /" + regex + "/:\n" + output());
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("werker " + name() + " did not log /" + regex + "/ within " + timeout
                        + ":\n" + output());
            }
            Thread.sleep(50);
        }
    }

    /** Waits until this werker asks for work (registered or using its saved token, leftovers reaped). */
    public WerkerProcess awaitTakingWork() throws InterruptedException {
        awaitLog("werker '" + Pattern.quote(name()) + "' taking work", Duration.ofSeconds(30));
        return this;
    }

    /** SIGKILL: the werker gets no chance to clean up (its container stays behind). */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the drain to end; returns the exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill9();
            throw new AssertionError("werker " + name() + " did not stop within " + timeout + " of SIGTERM:\n"
                    + output());
        }
        return process.exitValue();
    }

    /** Always kills (SIGKILL when still running). The work dir and log are the caller's to remove. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
