package io.ocelot.e2e;

import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.FakeBitbucket;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.TestFiles;
import org.junit.rules.TestRule;
import org.junit.runner.Description;
import org.junit.runners.model.MultipleFailureException;
import org.junit.runners.model.Statement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The fixture of every end-to-end scenario, as a JUnit rule around each test: a temporary directory (removed after),
 * the werker processes the test starts (stopped after — SIGTERM, then SIGKILL), their output printed when the test
 * fails, and a last check that no container of those werkers is left on the Docker engine (any found are removed and
 * fail the test: a leak is a bug). Werker names carry a random suffix so runs on one engine never mix.
 */
public final class E2eRig implements TestRule {
    /** The e2e timings: a short lease so a lost werker is noticed in seconds; the werker heartbeats at a third of it. */
    public static final Duration LEASE = Duration.ofSeconds(3);
    public static final String IMAGE = "ocelot/busybox:latest";

    private final String runId = UUID.randomUUID().toString().substring(0, 6);
    private final List<WerkerProcess> werkers = new CopyOnWriteArrayList<>();
    private final Set<String> werkerNames = new java.util.concurrent.ConcurrentSkipListSet<>();
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
    private final List<PluginHarness> plugins = new CopyOnWriteArrayList<>();
    private Path root;

    /** The plugin configuration of the scenarios: polls held 5 s, re-checked every 200 ms, a {@link #LEASE} lease. */
    public static OcelotConfig config() {
        return new OcelotConfig().with(Duration.ofSeconds(5), Duration.ofMillis(200), LEASE);
    }

    @Override
    public Statement apply(Statement base, Description description) {
        return new Statement() {
            @Override
            public void evaluate() throws Throwable {
                WerkerProcess.jar(); // fail first, with the reason, when the binary is not built
                root = Files.createTempDirectory("ocelot-e2e-");
                // o+x: host-shell stages of a werker running as root run as its stage user, who must reach the workspace
                Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
                List<Throwable> errors = new ArrayList<>();
                try {
                    base.evaluate();
                } catch (Throwable t) {
                    errors.add(t);
                    printDiagnostics(description);
                } finally {
                    tearDown(errors);
                }
                MultipleFailureException.assertEmpty(errors);
            }
        };
    }

    public Path root() {
        return root;
    }

    /** A fresh directory under the rig's temporary root. */
    public Path dir(String name) {
        try {
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the plugin (closed after the test, after the werkers). */
    public PluginHarness plugin(PluginHarness.Options options) {
        PluginHarness h = PluginHarness.start(options);
        closeables.add(0, h);
        plugins.add(h);
        return h;
    }

    /**
     * Closes {@code c} after the test, after the werkers; what is registered later is closed first (a database
     * registered before the plugins that use it outlives them).
     */
    public <T extends AutoCloseable> T closeAfter(T c) {
        closeables.add(0, c);
        return c;
    }

    public PluginHarness plugin() {
        return plugin(PluginHarness.options().config(config()).reposRoot(dir("repos")));
    }

    /**
     * Runs the lease reaper every {@code period} (Bitbucket's scheduler does it every 5 s), until the test ends or the
     * returned handle is closed (a stopped plugin host reaps nothing).
     */
    public AutoCloseable reapEvery(PluginHarness h, Duration period) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "e2e-reaper");
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(() -> {
            try {
                h.reap();
            } catch (RuntimeException e) {
                // the harness may be closed (restart scenario) — the next run tries again
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        AutoCloseable stop = () -> {
            s.shutdownNow();
            s.awaitTermination(10, TimeUnit.SECONDS);
        };
        closeables.add(0, stop);
        return stop;
    }

    /** The repository's bare repo where the plugin looks for it, and a work tree to commit in. */
    public GitRepo git(PluginHarness h, RepositoryRef repo) {
        return GitRepo.init(h.repositoryDir(repo), dir("work-" + repo.projectKey() + "-" + repo.slug()));
    }

    /** A werker of this run ({@code e2e-<run>-<shortName>}) against {@code h}: own work dir, no labels, 1 build, grace 1 s. */
    public WerkerProcess.Spec werker(PluginHarness h, String shortName) {
        String name = "e2e-" + runId + "-" + shortName;
        return new WerkerProcess.Spec(name, h.baseUrl(), h.registrationSecret(), root.resolve("werker-" + shortName),
                List.of(), 1, "1s");
    }

    public WerkerProcess start(WerkerProcess.Spec spec) {
        werkerNames.add(spec.name());
        WerkerProcess w = WerkerProcess.start(spec, root.resolve(spec.name() + ".log"));
        werkers.add(w);
        return w;
    }

    /** The name of the werker recorded on the build (by the id the plugin stored when it leased it). */
    public static String werkerName(PluginHarness h, long werkerId) {
        return h.services().werkerStore.find(werkerId).map(io.ocelot.plugin.build.Werker::name)
                .orElse("(no werker " + werkerId + ")");
    }

    /**
     * The statuses published for build {@code buildId}, checked to be one series: at least one INPROGRESS, then
     * exactly one final state, last. Returns the series.
     */
    public static List<io.ocelot.plugin.status.BuildStatus> oneSeries(PluginHarness h, long buildId) {
        List<io.ocelot.plugin.status.BuildStatus> series = h.statuses().all().stream()
                .filter(s -> s.buildNumber() == buildId).toList();
        String shown = series.stream().map(s -> s.state() + " " + s.description()).toList().toString();
        org.junit.Assert.assertTrue("statuses of build " + buildId + ": " + shown, series.size() >= 2);
        for (int i = 0; i < series.size() - 1; i++) {
            org.junit.Assert.assertEquals("status " + i + " of build " + buildId + ": " + shown,
                    io.ocelot.plugin.status.StatusState.INPROGRESS, series.get(i).state());
        }
        org.junit.Assert.assertNotEquals("the last status of build " + buildId + " is final: " + shown,
                io.ocelot.plugin.status.StatusState.INPROGRESS, series.get(series.size() - 1).state());
        return series;
    }

    /**
     * What the stages of one attempt printed, as stored: the log without the werker's set-up lines (clone, container
     * creation — those name a container with a random suffix).
     */
    public static String stageOutput(PluginHarness h, long buildId, int attempt) {
        return output(h, buildId, attempt, c -> c.stage() >= 0);
    }

    /**
     * The stored chunks of one attempt that {@code which} selects (a stream, a stage), concatenated, without the
     * werker's stage marker lines ({@link io.ocelot.core.build.StageMarker}; PushToStatusE2eTest checks those).
     */
    public static String output(PluginHarness h, long buildId, int attempt,
                                java.util.function.Predicate<io.ocelot.plugin.build.LogChunk> which) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long from = 0;
        while (true) {
            List<io.ocelot.plugin.build.LogChunk> chunks = h.logs().read(buildId, attempt, from, 500);
            if (chunks.isEmpty()) {
                return io.ocelot.core.build.StageMarker.strip(out.toString(java.nio.charset.StandardCharsets.UTF_8));
            }
            for (io.ocelot.plugin.build.LogChunk c : chunks) {
                if (which.test(c)) {
                    out.writeBytes(c.data());
                }
            }
            from = chunks.get(chunks.size() - 1).end();
        }
    }

    /** Polls {@code condition} every 50 ms; fails naming {@code what} when it stays false for {@code timeout}. */
    public static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }

    private void printDiagnostics(Description d) {
        for (String name : werkerNames) {
            Path log = root.resolve(name + ".log");
            try {
                System.err.println("==== " + d.getDisplayName() + ": output of werker " + name + " ====\n"
                        + (Files.exists(log) ? Files.readString(log) : "(none)"));
            } catch (IOException e) {
                System.err.println("cannot read " + log + ": " + e);
            }
        }
    }

    private void tearDown(List<Throwable> errors) {
        for (PluginHarness h : plugins) {
            // Every scenario runs on private repositories in a Bitbucket as strict as the real one: a call the
            // plugin made on its own threads (trigger, werker endpoints, reaper, notifier) without escalating is a bug
            List<String> unescalated = h.bitbucket().refusals().stream()
                    .filter(r -> r.contains(FakeBitbucket.UNESCALATED)).toList();
            if (!unescalated.isEmpty()) {
                errors.add(new AssertionError("Bitbucket refused the plugin's own calls: " + unescalated));
            }
        }
        for (WerkerProcess w : werkers) {
            try {
                if (w.isAlive()) {
                    w.process().destroy(); // SIGTERM: an idle werker stops at once and leaves nothing
                    if (!w.process().waitFor(15, TimeUnit.SECONDS)) {
                        errors.add(new AssertionError("werker " + w.name() + " ignored SIGTERM for 15 s"));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                w.close();
            }
        }
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                errors.add(e);
            }
        }
        for (WerkerProcess w : werkers) {
            checkNoSecretPrinted(w, errors);
        }
        for (String name : werkerNames) {
            List<String> left = DockerCli.werkerContainers(name);
            if (!left.isEmpty()) {
                DockerCli.removeAll("ocelot.werker=" + name);
                errors.add(new AssertionError("containers of werker " + name + " left behind: " + left));
            }
        }
        deleteTree(root);
    }

    /** Secrets never reach a log: neither the registration secret nor the werker's token is in its output. */
    private static void checkNoSecretPrinted(WerkerProcess w, List<Throwable> errors) {
        String output = w.output();
        String secret = w.spec().registrationSecret();
        if (secret != null && output.contains(secret)) {
            errors.add(new AssertionError("werker " + w.name() + " printed the registration secret"));
        }
        Path tokenFile = w.spec().workDir().resolve("werker-token");
        try {
            String token = Files.exists(tokenFile) ? Files.readString(tokenFile).trim() : "";
            if (!token.isEmpty() && output.contains(token)) {
                errors.add(new AssertionError("werker " + w.name() + " printed its token"));
            }
        } catch (IOException e) {
            errors.add(e);
        }
    }

    static void deleteTree(Path dir) {
        try {
            TestFiles.deleteTree(dir);
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }
}
